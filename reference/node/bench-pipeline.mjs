// Times face-api's whole photo pipeline in Node (tfjs wasm): decode the file, detectAllFaces (SSD MobileNetV1,
// default options) .withFaceLandmarks() .withFaceDescriptors(), on each photo given, to set beside facenet's
// PipelineBenchmark in the same run. Prints one line per pass and, last, one JSON line:
// {"photos":N,"runs":R,"faces":F,"msPerPhoto":..,"msPerPhotoMedian":..,"cpuMsPerPhoto":..,"facesPerSecond":..}
//
// Run from this folder: node bench-pipeline.mjs [--runs R] [--warmup W] PHOTO...
//   (default: the package's demo/sample1..6.jpg, 3 runs after 1 warm-up pass)
import path from 'node:path';
import { tf, faceapi, ready, loadNets, readImage, demoDir } from './faceapi.mjs';

let runs = 3;
let warmup = 1;
const files = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--runs') runs = Number(argv[++i]);
  else if (argv[i] === '--warmup') warmup = Number(argv[++i]);
  else files.push(argv[i]);
}
if (files.length === 0) for (let i = 1; i <= 6; i++) files.push(path.join(demoDir, `sample${i}.jpg`));

const info = await ready();
await loadNets('ssdMobilenetv1', 'faceLandmark68Net', 'faceRecognitionNet');
console.error(`face-api ${info.faceapi}, tfjs ${info.tfjs} (${info.backend}), ${files.length} photos`);

async function onePhoto(file) {
  const tensor = await readImage(file);
  try {
    const found = await faceapi.detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options())
      .withFaceLandmarks().withFaceDescriptors();
    return found.length;
  } finally {
    tf.dispose(tensor);
  }
}

for (let w = 0; w < warmup; w++) for (const f of files) await onePhoto(f);
const walls = [];
let faces = 0;
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (let r = 0; r < runs; r++) {
  let passFaces = 0;
  const p0 = performance.now();
  for (const f of files) {
    const t = performance.now();
    passFaces += await onePhoto(f);
    walls.push(performance.now() - t);
  }
  faces += passFaces;
  console.error(`pass ${r + 1}: ${passFaces} faces, ${((performance.now() - p0) / files.length).toFixed(1)} ms per photo`);
}
const wall = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
walls.sort((a, b) => a - b);
const photos = files.length * runs;
console.log(JSON.stringify({
  photos: files.length, runs, faces: faces / runs,
  msPerPhoto: wall / photos,
  msPerPhotoMedian: walls[walls.length >> 1],
  cpuMsPerPhoto: (cpu.user + cpu.system) / 1000 / photos,
  facesPerSecond: faces / (wall / 1000),
}));
