// Golden face detections for facenet's detector parity tests: runs face-api's detectAllFaces with both of
// its detectors at their default options (SsdMobilenetV1Options: minConfidence 0.5, maxResults 100;
// TinyFaceDetectorOptions: inputSize 416, scoreThreshold 0.5) on the package's six demo photos, a few
// pictures of ../shared/fixtures and a picture without a face, and writes
// facenet-core/src/test/resources/golden/detections.json.
//
// Each picture is named by where the Java test finds it: "package:" (the unpacked npm package),
// "shared:" (../shared) or "resource:" (the test class path). The SHA-256 of the decoded RGB bytes lets
// the Java test check that it decodes the picture to the very same pixels before it compares detections.
//
// Run from this folder: node golden-detections.mjs
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tf, faceapi, ready, loadNets, readImage, packageDir, sharedDir } from './faceapi.mjs';

const repoDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const resourceDir = path.join(repoDir, 'facenet-core/src/test/resources');

const pictures = [
  ...[1, 2, 3, 4, 5, 6].map((i) => `package:demo/sample${i}.jpg`),
  'shared:fixtures/seed-images/shivi.jpg',
  'shared:fixtures/seed-images/kevin.jpg',
  'shared:fixtures/seed-images/danielle.png',
  'shared:fixtures/yale/subject01/normal.gif',
  'shared:fixtures/orl/s1/1.pgm',
  'resource:detect/no-face-gradient.png',
];

function fileOf(name) {
  const [where, rel] = name.split(':');
  const base = { package: packageDir, shared: sharedDir, resource: resourceDir }[where];
  if (!base) throw new Error(`unknown location in ${name}`);
  return path.join(base, rel);
}

// Six decimals in pixels and seven in scores are far below the tolerances and keep the file readable.
const round = (v, d) => Number(v.toFixed(d));
const detectionJson = (d) => ({
  box: [d.box.x, d.box.y, d.box.width, d.box.height].map((v) => round(v, 6)),
  score: round(d.score, 7),
});

const info = await ready();
await loadNets('ssdMobilenetv1', 'tinyFaceDetector');

const images = [];
for (const name of pictures) {
  const tensor = await readImage(fileOf(name));
  const [height, width] = tensor.shape;
  const rgb = Buffer.from(Uint8Array.from(tensor.dataSync()));
  const ssd = await faceapi.detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options());
  const tiny = await faceapi.detectAllFaces(tensor, new faceapi.TinyFaceDetectorOptions());
  tf.dispose(tensor);
  images.push({
    image: name,
    width,
    height,
    rgbSha256: crypto.createHash('sha256').update(rgb).digest('hex'),
    ssdMobilenetv1: ssd.map(detectionJson),
    tinyFaceDetector: tiny.map(detectionJson),
  });
  console.log(`${name}: ${width}x${height}, ssd ${ssd.length} face(s), tiny ${tiny.length} face(s)`);
}

const out = {
  generator: 'reference/node/golden-detections.mjs',
  faceapi: info.faceapi,
  tfjs: info.tfjs,
  backend: info.backend,
  options: {
    ssdMobilenetv1: { minConfidence: 0.5, maxResults: 100, iouThreshold: 0.5, inputSize: 512 },
    tinyFaceDetector: { inputSize: 416, scoreThreshold: 0.5, iouThreshold: 0.4 },
  },
  images,
};
const target = path.join(resourceDir, 'golden/detections.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${path.relative(repoDir, target)}`);
