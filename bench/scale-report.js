// Summarizes bench/run.mjs's scale runs. Input lines: groups users wallMs jsiiStartMs defineMs synthMs.
// Prints medians per configuration, then for each user count a least-squares line of define+synth time
// against the number of groups (slope = cost per group), its largest residual, and the per-group cost between
// 1 and 10 groups against that between 10 and 50 (about 1.0 when growth is linear); the cost per user is the
// difference of the per-group slopes divided by the users per group.
'use strict';
const fs = require('fs');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const runs = new Map();
for (const line of fs.readFileSync(process.argv[2], 'utf8').trim().split('\n')) {
  const [groups, users, wall, start, define, synth] = line.trim().split(/\s+/).map(Number);
  const key = `${groups} ${users}`;
  if (!runs.has(key)) runs.set(key, { groups, users, wall: [], start: [], define: [], synth: [], work: [] });
  const r = runs.get(key);
  r.wall.push(wall); r.start.push(start); r.define.push(define); r.synth.push(synth); r.work.push(define + synth);
}
console.log('groups users | process wall ms | jsii start ms | define ms | synth ms | define+synth ms');
for (const r of runs.values()) {
  console.log(`${String(r.groups).padStart(6)} ${String(r.users).padStart(5)} | ${String(median(r.wall)).padStart(15)} | `
    + `${String(median(r.start)).padStart(13)} | ${String(median(r.define)).padStart(9)} | `
    + `${String(median(r.synth)).padStart(8)} | ${String(median(r.work)).padStart(15)}`);
}
const slopes = {};
for (const users of [...new Set([...runs.values()].map((r) => r.users))]) {
  const pts = [...runs.values()].filter((r) => r.users === users).map((r) => [r.groups, median(r.work)]);
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p[0], 0) / n;
  const my = pts.reduce((s, p) => s + p[1], 0) / n;
  const slope = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const intercept = my - slope * mx;
  const residual = Math.max(...pts.map((p) => Math.abs(p[1] - (intercept + slope * p[0]))));
  const at = (g) => pts.find((p) => p[0] === g)[1];
  const early = (at(10) - at(1)) / 9;
  const late = (at(50) - at(10)) / 40;
  slopes[users] = slope;
  console.log(`users=${users}: fit define+synth = ${intercept.toFixed(0)} ms + ${slope.toFixed(1)} ms/group; `
    + `largest residual ${residual.toFixed(0)} ms (${(100 * residual / at(50)).toFixed(1)}% of 50 groups); `
    + `per-group cost 1->10 ${early.toFixed(1)} ms, 10->50 ${late.toFixed(1)} ms, ratio ${(late / early).toFixed(2)}`);
}
const userCounts = Object.keys(slopes).map(Number).sort((a, b) => a - b);
if (userCounts.length === 2) {
  const [u0, u1] = userCounts;
  console.log(`cost per group (${u0} users): ${slopes[u0].toFixed(1)} ms; cost per user: `
    + `${((slopes[u1] - slopes[u0]) / (u1 - u0)).toFixed(2)} ms`);
}
