// Shared set-up for the reference scripts: face-api 1.7.15 on the tfjs wasm backend, weights read from the
// installed package's own model/ folder, pictures decoded to RGB int tensors with @canvas/image.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
export const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const image = require('@canvas/image');

export const packageDir = path.dirname(require.resolve('@vladmandic/face-api/package.json'));
export const modelDir = path.join(packageDir, 'model');
export const demoDir = path.join(packageDir, 'demo');
export const sharedDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared');

/** Starts tfjs on the wasm backend (binaries from node_modules, no download). */
export async function ready() {
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  wasm.setWasmPaths(wasmDir + path.sep, false);
  await tf.setBackend('wasm');
  await tf.ready();
  return { backend: tf.getBackend(), tfjs: tf.version_core, faceapi: faceapi.version };
}

/** Loads the named face-api nets from the package's model folder. */
export async function loadNets(...names) {
  for (const n of names) await faceapi.nets[n].loadFromDisk(modelDir);
}

/** Decodes a picture file (jpeg, png, gif, bmp, webp) to an int32 RGB tensor [h, w, 3]. */
export async function readImage(file) {
  const buffer = fs.readFileSync(file);
  let rgba;
  let width;
  let height;
  if (/\.p[gp]m$/i.test(file)) {
    ({ rgba, width, height } = decodePnm(buffer));
  } else {
    const decoded = await image.imageFromBuffer(buffer);
    const data = image.getImageData(decoded);
    rgba = data.data; width = data.width; height = data.height;
  }
  const rgb = new Int32Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++) {
    rgb[j++] = rgba[4 * i]; rgb[j++] = rgba[4 * i + 1]; rgb[j++] = rgba[4 * i + 2];
  }
  return tf.tensor3d(rgb, [height, width, 3], 'int32');
}

/** Binary PGM (P5) and PPM (P6), 8 bits, as RGBA. */
function decodePnm(buf) {
  let pos = 0;
  const tokens = [];
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    if (buf[pos] === 0x23) { while (buf[pos] !== 0x0a) pos++; continue; }
    let t = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]))) t += String.fromCharCode(buf[pos++]);
    tokens.push(t);
  }
  pos++; // the single whitespace after maxval
  const [magic, w, h, max] = [tokens[0], +tokens[1], +tokens[2], +tokens[3]];
  if (max > 255) throw new Error('16-bit PNM not supported here');
  const channels = magic === 'P5' ? 1 : 3;
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    for (let c = 0; c < 3; c++) rgba[4 * i + c] = buf[pos + i * channels + (channels === 1 ? 0 : c)];
    rgba[4 * i + 3] = 255;
  }
  return { rgba, width: w, height: h };
}
