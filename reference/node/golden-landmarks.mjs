// Golden values for the landmark parity test: face-api's SSD MobileNetV1 (default options) finds the faces in
// the package's six demo photos, then its 68-point landmark nets (full and tiny) place the landmarks.
// Per face we keep face-api's detection box (the input of our landmark nets) and its landmarks in picture
// pixels. Per photo we also keep the size and a SHA-256 of the decoded RGB bytes, so the Java test can tell
// whether ImageIO decodes the JPEG to the very same pixels as @canvas/image.
//
// Run: node golden-landmarks.mjs   (writes facenet-core/src/test/resources/golden/landmarks.json)
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { ready, loadNets, readImage, faceapi, tf, demoDir } from './faceapi.mjs';

const out = path.resolve(path.dirname(new URL(import.meta.url).pathname),
  '../../facenet-core/src/test/resources/golden/landmarks.json');

const env = await ready();
await loadNets('ssdMobilenetv1', 'faceLandmark68Net', 'faceLandmark68TinyNet');

const points = (landmarks) => landmarks.positions.map((p) => [p.x, p.y]);
const boxOf = (d) => ({ x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height });

const images = [];
for (let i = 1; i <= 6; i++) {
  const name = `sample${i}.jpg`;
  const tensor = await readImage(path.join(demoDir, name));
  const [height, width] = tensor.shape;
  const rgb = Uint8Array.from(await tensor.data());
  const rgbSha256 = crypto.createHash('sha256').update(rgb).digest('hex');

  const options = new faceapi.SsdMobilenetv1Options();
  const full = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks();
  const tiny = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks(true);
  if (full.length !== tiny.length) throw new Error(`${name}: ${full.length} faces, then ${tiny.length}`);

  const faces = full.map((f, k) => {
    const t = tiny[k];
    const a = boxOf(f.detection);
    const b = boxOf(t.detection);
    if (a.x !== b.x || a.y !== b.y || a.width !== b.width || a.height !== b.height) {
      throw new Error(`${name}: face ${k} detected at two different boxes`);
    }
    return { box: a, score: f.detection.score, landmarks: points(f.landmarks), landmarksTiny: points(t.landmarks) };
  });
  images.push({ image: name, width, height, rgbSha256, faces });
  console.log(`${name} ${width}x${height}: ${faces.length} faces`);
  tf.dispose(tensor);
}

const golden = {
  about: 'face-api SsdMobilenetv1Options() default + withFaceLandmarks() (landmarks) and withFaceLandmarks(true) '
    + '(landmarksTiny) on the demo photos of the npm package; box = detection box in picture pixels; '
    + 'landmarks = 68 [x, y] in picture pixels; rgbSha256 = SHA-256 of the decoded RGB bytes (row-major, R G B)',
  faceapi: env.faceapi,
  tfjs: env.tfjs,
  backend: env.backend,
  images,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(golden, null, 1) + '\n');
console.log(`wrote ${out}`);
