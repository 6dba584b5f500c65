// Golden values for FaceRecognitionNetParityTest: face-api's own computeFaceDescriptor (tfjs wasm backend)
// on real face pictures, each taken whole as the face (face-api pads it to a square and resizes it to 150).
// Also records a SHA-256 of every decoded picture (RGB bytes, row by row) so the Java side can tell a decoder
// difference apart from a network difference.
//
// Run: node golden-descriptors.mjs   (writes facenet-core/src/test/resources/golden/resnet-descriptors.json)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { demoDir, faceapi, loadNets, packageDir, readImage, ready, sharedDir } from './faceapi.mjs';

// base "shared": relative to ../shared; base "package": relative to the unpacked npm package.
const PICTURES = [
  ['shared', 'fixtures/seed-images/danielle.png'],
  ['shared', 'fixtures/seed-images/shivi.jpg'],
  ['shared', 'fixtures/seed-images/shivi_test.jpg'],
  ['shared', 'fixtures/seed-images/andrew.jpg'],
  ['shared', 'fixtures/seed-images/kian.jpg'],
  ['shared', 'fixtures/seed-images/camera_0.jpg'],
  ['shared', 'fixtures/orl/s1/1.pgm'],
  ['shared', 'fixtures/orl/s1/2.pgm'],
  ['shared', 'fixtures/orl/s2/1.pgm'],
  ['shared', 'fixtures/orl/s2/2.pgm'],
  ['shared', 'fixtures/yale/subject01/normal.gif'],
  ['shared', 'fixtures/yale/subject01/happy.gif'],
  ['shared', 'fixtures/yale/subject02/normal.gif'],
  ['package', 'demo/sample1.jpg'],
  ['package', 'demo/sample2.jpg'],
];

const out = path.resolve(path.dirname(new URL(import.meta.url).pathname),
  '../../facenet-core/src/test/resources/golden/resnet-descriptors.json');

const info = await ready();
await loadNets('faceRecognitionNet');
const pictures = [];
for (const [base, file] of PICTURES) {
  const full = path.join(base === 'shared' ? sharedDir : packageDir, file);
  const img = await readImage(full);
  const [height, width] = img.shape;
  const rgb = Uint8Array.from(await img.data());
  const sha = crypto.createHash('sha256').update(rgb).digest('hex');
  const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(img);
  img.dispose();
  pictures.push({ base, file, width, height, rgbSha256: sha, descriptor: Array.from(descriptor) });
  console.error(`${file}: ${width} x ${height}, |d| = ${Math.hypot(...descriptor).toFixed(4)}`);
}
const doc = {
  source: 'face-api FaceRecognitionNet.computeFaceDescriptor on the whole picture',
  faceapi: info.faceapi,
  tfjs: info.tfjs,
  backend: info.backend,
  demoDir: path.relative(packageDir, demoDir),
  pictures,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(doc, null, 1) + '\n');
console.error(`wrote ${pictures.length} descriptors to ${out}`);
