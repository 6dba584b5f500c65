// Times face-api's two detectors (detectAllFaces, default options) on one picture in Node (tfjs wasm), to
// set beside facenet's detectors on the same picture in the same run. Reports wall-clock and process CPU
// milliseconds per detection, decoding excluded (the picture is decoded once).
//
// Run from this folder: node bench-detections.mjs [picture] [runs]   (default: the package's demo/sample1.jpg, 10)
import path from 'node:path';
import { tf, faceapi, ready, loadNets, readImage, demoDir } from './faceapi.mjs';

const file = process.argv[2] || path.join(demoDir, 'sample1.jpg');
const runs = Number(process.argv[3] || 10);
const info = await ready();
await loadNets('ssdMobilenetv1', 'tinyFaceDetector');
const tensor = await readImage(file);
console.log(`face-api ${info.faceapi}, tfjs ${info.tfjs} (${info.backend}), ${path.basename(file)} ${tensor.shape[1]}x${tensor.shape[0]}`);

const detectors = {
  ssd: () => new faceapi.SsdMobilenetv1Options(),
  tiny: () => new faceapi.TinyFaceDetectorOptions(),
};
for (const [name, options] of Object.entries(detectors)) {
  for (let i = 0; i < 3; i++) await faceapi.detectAllFaces(tensor, options());
  const walls = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let faces = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    faces = (await faceapi.detectAllFaces(tensor, options())).length;
    walls.push(performance.now() - t);
  }
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  walls.sort((a, b) => a - b);
  console.log(`${name}: ${faces} faces; wall median ${walls[runs >> 1].toFixed(1)} ms, min ${walls[0].toFixed(1)} ms, `
    + `mean ${(wall / runs).toFixed(1)} ms; cpu ${((cpu.user + cpu.system) / 1000 / runs).toFixed(1)} ms per detection over ${runs}`);
}
tf.dispose(tensor);
