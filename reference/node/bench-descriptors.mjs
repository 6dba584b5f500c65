// Times face-api's FaceRecognitionNet descriptor (tfjs wasm backend) on face pictures, to compare with facenet's
// encoder on the same pictures. Pictures are decoded once beforehand; the timed part is what face-api does per
// call: pad to a square, resize to 150, run the network, read the descriptors back.
//
// Run: node bench-descriptors.mjs [--seconds S] [PICTURE...]
//   PICTURE: image files (default: every picture in ../shared/fixtures/seed-images).
//   Batch 1 = one computeFaceDescriptor call per picture; batch 32 = one call with an array of 32 pictures
//   (face-api stacks them into one [32, 150, 150, 3] tensor). Each is run for about S seconds (default 10)
//   after a warm-up. Prints one JSON line: faces per second of wall time and per second of the process's CPU
//   time (tfjs's wasm backend runs on one thread in Node: wasm_threads tells).
import fs from 'node:fs';
import path from 'node:path';
import { faceapi, loadNets, readImage, ready, sharedDir, tf } from './faceapi.mjs';

const args = process.argv.slice(2);
let seconds = 10;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seconds') seconds = Number(args[++i]);
  else files.push(path.resolve(args[i]));
}
if (!(seconds > 0)) throw new Error('--seconds needs a positive number');
if (files.length === 0) {
  const dir = path.join(sharedDir, 'fixtures/seed-images');
  for (const f of fs.readdirSync(dir).sort()) files.push(path.join(dir, f));
}

const info = await ready();
await loadNets('faceRecognitionNet');
const net = faceapi.nets.faceRecognitionNet;
const pictures = [];
for (const f of files) pictures.push(await readImage(f));

/**
 * Runs `step` (which encodes `count` faces) until `seconds` have passed; returns faces per second of wall time
 * and per second of this process's CPU time (the fairer figure on a machine shared with other work).
 */
async function measure(step, count) {
  await step(); // warm-up: kernels compiled, buffers allocated
  let faces = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let elapsed = 0;
  do {
    await step();
    faces += count;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed < seconds);
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { facesPerSecond: faces / elapsed, facesPerCpuSecond: faces / cpuSeconds, faces, elapsed };
}

let next = 0;
const batch1 = await measure(async () => {
  await net.computeFaceDescriptor(pictures[next++ % pictures.length]);
}, 1);

const batch = [];
for (let i = 0; i < 32; i++) batch.push(pictures[i % pictures.length]);
const batch32 = await measure(async () => {
  await net.computeFaceDescriptor(batch);
}, 32);

for (const p of pictures) p.dispose();
console.log(JSON.stringify({
  tool: 'face-api',
  faceapi: info.faceapi,
  tfjs: info.tfjs,
  backend: info.backend,
  wasm_simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
  wasm_threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
  pictures: pictures.length,
  faces_per_second_batch1: Number(batch1.facesPerSecond.toFixed(2)),
  faces_per_second_batch32: Number(batch32.facesPerSecond.toFixed(2)),
  faces_per_cpu_second_batch1: Number(batch1.facesPerCpuSecond.toFixed(2)),
  faces_per_cpu_second_batch32: Number(batch32.facesPerCpuSecond.toFixed(2)),
  faces_timed_batch1: batch1.faces,
  faces_timed_batch32: batch32.faces,
  seconds_batch1: Number(batch1.elapsed.toFixed(2)),
  seconds_batch32: Number(batch32.elapsed.toFixed(2)),
}));
