// Synth benchmark for the MfaEnforcedGroup sample app. Prints:
//   1. `cdk synth` of the sample app through the project's cdk.json against bench/floor (a plain JavaScript app
//      declaring the same resources as raw CfnResources), on each aws-cdk-lib version given (default: the two npm
//      releases beside the library's 2.272.0, which npm does not have): runs alternated, medians and their ratios;
//   2. scale: define + synthesize 1, 10 and 50 MfaEnforcedGroups with 0 and 20 users each, one fresh JVM per run,
//      with per-group and per-user cost from a least-squares fit;
//   3. the MFA policy's size (non-white-space characters, partition aws-us-gov) for the default and each option;
//   4. the test suite's wall time (`mvn -B -ntp verify`);
//   5. checks: synthesis of an app of 10,000 constructs and 1,000 users with and without MfaEnforcementChecks, at
//      the JVM's default thread stack, alternated in fresh JVMs: medians, the check's own time, the added share.
//
//   6. the organization part: SCP and StackSet template sizes for every option combination, and the roll-out of
//      1,000 accounts computed from the documented StackSets quotas (OrganizationScaleBench).
//
// Usage: node bench/run.mjs [--runs N] [--scale-runs N] [--skip-tests] [--only synth|scale|size|tests|checks|org]
//                           [--floor-lib VERSION[,VERSION...]]
// Needs: Java 17, Maven, Node 20 and the project's Node tools (npm ci); the floor's aws-cdk-lib versions other than
// package-lock.json's are installed from npm into target/bench/floor-lib/.
//
// Timing is measured here, never read from a tool's output: wall time with a monotonic clock around each child
// process, CPU time (user + system of the child and everything it waited for) from the kernel's accounting of
// this process's finished children, /proc/self/stat (Linux; elsewhere only wall time is shown).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'target', 'bench');
const windows = process.platform === 'win32';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'scale-runs': { type: 'string', default: '3' },
    'skip-tests': { type: 'boolean', default: false },
    only: { type: 'string', default: 'all' },
    'floor-lib': { type: 'string', default: '2.271.0,2.273.0' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (options.help) {
  const text = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  console.log(text.slice(0, text.findIndex((line) => !line.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}
const runs = Number(options.runs);
const scaleRuns = Number(options['scale-runs']);
const floorLibs = options['floor-lib'].split(',').filter(Boolean);
if (!(runs > 0) || !(scaleRuns > 0) || !['all', 'synth', 'scale', 'size', 'tests', 'checks', 'org'].includes(options.only)) {
  console.error('bad option (see --help)');
  process.exit(2);
}
const want = (section) => options.only === 'all' || options.only === section;

const env = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', CDK_DISABLE_CLI_TELEMETRY: 'true' };
fs.mkdirSync(out, { recursive: true });

/** A command as spawnSync takes it; Windows starts mvn.cmd and npm.cmd through cmd.exe with quoted arguments. */
function command(name, args) {
  if (windows && ['mvn', 'npm'].includes(name)) {
    return [`${name}.cmd`, args.map((arg) => `"${arg}"`), { shell: true }];
  }
  return [name, args, {}];
}

/** Run a command, failing the benchmark when it fails. */
function run(name, args, { cwd = root, extraEnv = {}, stdout = 'inherit' } = {}) {
  const [file, argv, spawnOptions] = command(name, args);
  const result = spawnSync(file, argv, { ...spawnOptions, cwd, env: { ...env, ...extraEnv },
    stdio: ['ignore', stdout, 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    throw new Error(`${name} ${args.join(' ')} failed: ${result.error?.message ?? `exit ${result.status}`}`);
  }
  return result.stdout;
}

// Kernel accounting of the finished children of this process: fields 16 and 17 of /proc/self/stat (cutime,
// cstime), in clock ticks; Linux fixes the user-visible tick (USER_HZ) at 100 per second on x86 and ARM.
const CLOCK_TICKS_PER_SECOND = 100;
function childrenCpuMs() {
  let stat;
  try {
    stat = fs.readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // field 3 onwards; the name may hold spaces
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Run a command to completion and measure it: wall milliseconds on a monotonic clock, CPU milliseconds of the
 * command and the processes it waited for (undefined where the kernel does not say), its exit status and output.
 */
function timed(name, args, { cwd = root, extraEnv = {}, stdout = 'ignore', stderr = 'inherit' } = {}) {
  const [file, argv, spawnOptions] = command(name, args);
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, { ...spawnOptions, cwd, env: { ...env, ...extraEnv },
    stdio: ['ignore', stdout, stderr], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number((process.hrtime.bigint() - start) / 1000000n);
  const cpuAfter = childrenCpuMs();
  if (result.error) throw new Error(`${name}: ${result.error.message}`);
  return { wallMs, cpuMs: cpuBefore === undefined ? undefined : Math.round(cpuAfter - cpuBefore),
    status: result.status, stdout: result.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ratio = (a, b) => (a / b).toFixed(2);
const firstLine = (text) => (text ?? '').trim().split('\n')[0];
const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

const cdkCli = path.join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const cdk = (args, options) => timed(process.execPath, [cdkCli, ...args], options);

console.log('== machine');
run('bash', [path.join(root, 'scripts', 'ensure-node-tools.sh')], { stdout: 'inherit' });
const javaVersion = firstLine(spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr);
const mvnVersion = firstLine(run('mvn', ['-v', '-B'], { stdout: 'pipe' }).replace(/\x1b\[[0-9;]*m/g, ''));
console.log(`cores ${os.availableParallelism()}, memory ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${javaVersion}, `
  + `node ${process.version}, ${mvnVersion}, cdk CLI ${firstLine(cdk(['--version'], { stdout: 'pipe' }).stdout)}`);
console.log(`load average before: ${loadavg()}`);

/**
 * A directory whose node_modules holds aws-cdk-lib at `version`: the project's own when package-lock.json pins that
 * version, otherwise one installed from npm into target/bench/floor-lib/VERSION (once).
 */
function floorLib(version) {
  const own = path.join(root, 'node_modules', 'aws-cdk-lib');
  if (JSON.parse(fs.readFileSync(path.join(own, 'package.json'), 'utf8')).version === version) return own;
  const dir = path.join(out, 'floor-lib', version);
  const installed = path.join(dir, 'node_modules', 'aws-cdk-lib');
  if (!fs.existsSync(path.join(installed, 'package.json'))) {
    const constructs = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'constructs', 'package.json'),
      'utf8')).version;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true,
      dependencies: { 'aws-cdk-lib': version, constructs } }, null, 2));
    console.log(`installing aws-cdk-lib ${version} (constructs ${constructs}) into ${path.relative(root, dir)}`);
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  }
  return installed;
}

if (want('synth')) {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).app;
  console.log(`\n== 1. cdk synth: sample app (cdk.json: ${app}) vs JavaScript floor on aws-cdk-lib `
    + `${floorLibs.join(', ')}`);
  const apps = [{ name: 'sample', cwd: root, outdir: path.join(out, 'sample.out'),
    template: 'MfaEnforcedGroupSample.template.json', extraEnv: {} }];
  for (const version of floorLibs) {
    const lib = floorLib(version);
    const actual = JSON.parse(fs.readFileSync(path.join(lib, 'package.json'), 'utf8')).version;
    if (actual !== version) throw new Error(`${lib} holds aws-cdk-lib ${actual}, not ${version}`);
    apps.push({ name: `floor ${version}`, cwd: path.join(root, 'bench', 'floor'),
      outdir: path.join(out, `floor-${version}.out`), template: 'MfaEnforcedGroupFloor.template.json',
      extraEnv: { BENCH_AWS_CDK_LIB: lib } });
  }
  const synth = (a) => {
    const log = path.join(out, `${a.name.replace(' ', '-')}.stderr`);
    const fd = fs.openSync(log, 'w');
    try {
      const result = cdk(['synth', '-q', '-o', a.outdir], { cwd: a.cwd, extraEnv: a.extraEnv, stderr: fd });
      if (result.status !== 0) throw new Error(`cdk synth of ${a.name} failed; see ${log}`);
      return result;
    } finally {
      fs.closeSync(fd);
    }
  };
  // One untimed run each: builds the sample if needed and warms the file cache; then the templates must match.
  apps.forEach(synth);
  for (const floor of apps.slice(1)) {
    console.log(`${floor.name}: `
      + run(process.execPath, [path.join(root, 'bench', 'compare-templates.js'),
        path.join(apps[0].outdir, apps[0].template), path.join(floor.outdir, floor.template)], { stdout: 'pipe' })
        .trim());
  }
  for (let i = 0; i < runs; i++) {
    for (const a of apps) {
      const { wallMs, cpuMs } = synth(a);
      (a.wall ??= []).push(wallMs);
      (a.cpu ??= []).push(cpuMs);
    }
  }
  for (const a of apps) {
    console.log(`${a.name.padEnd(13)} wall ms: ${a.wall.join(' ')}   cpu ms: ${a.cpu.join(' ')}`);
  }
  const [sample, ...floors] = apps;
  const hasCpu = sample.cpu.every((x) => x !== undefined);
  for (const floor of floors) {
    console.log(`median wall: sample ${median(sample.wall)} ms, ${floor.name} ${median(floor.wall)} ms, `
      + `ratio ${ratio(median(sample.wall), median(floor.wall))} (target <= 1.20)`);
    if (hasCpu) {
      console.log(`median cpu:  sample ${median(sample.cpu)} ms, ${floor.name} ${median(floor.cpu)} ms, `
        + `ratio ${ratio(median(sample.cpu), median(floor.cpu))}`);
    }
  }
}

let benchClasspath;
function benchCp() {
  if (benchClasspath) return benchClasspath;
  const file = path.join(out, 'test-classpath.txt');
  if (!fs.existsSync(file) || fs.statSync(path.join(root, 'pom.xml')).mtimeMs > fs.statSync(file).mtimeMs) {
    run('mvn', ['-B', '-q', '-ntp', 'dependency:build-classpath', '-Dmdep.includeScope=test',
      `-Dmdep.outputFile=${file}`], { stdout: 'ignore' });
  }
  run('mvn', ['-B', '-q', '-ntp', 'test-compile'], { stdout: 'ignore' });
  benchClasspath = [path.join(root, 'target', 'test-classes'), path.join(root, 'target', 'classes'),
    fs.readFileSync(file, 'utf8').trim()].join(path.delimiter);
  return benchClasspath;
}

if (want('scale')) {
  console.log(`\n== 2. scale: define + synthesize N MfaEnforcedGroups with U users each (fresh JVM per run, median `
    + `of ${scaleRuns})`);
  const cp = benchCp();
  // The sample app's context (cdk.json's feature flags) as the CLI passes it, stack traces off as the CLI sets
  // them; the default-rules validation is off because 50 groups of 20 users pass CloudFormation's 500 resources.
  const context = JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context,
    'aws:cdk:disable-stack-trace': true, '@aws-cdk/core:validateAgainstDefaultRules': false });
  const lines = [];
  for (let r = 0; r < scaleRuns; r++) {
    for (const [groups, users] of [[1, 0], [10, 0], [50, 0], [1, 20], [10, 20], [50, 20]]) {
      const result = timed('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', cp,
        'io.github.cdkmfa.SynthScaleBench', String(groups), String(users), path.join(out, 'scale.out')],
      { extraEnv: { CDK_CONTEXT_JSON: context }, stdout: 'pipe' });
      if (result.status !== 0) throw new Error(`SynthScaleBench ${groups} ${users} failed`);
      // SynthScaleBench prints its own in-process milliseconds: jsii start, define, synthesize.
      lines.push(`${groups} ${users} ${result.wallMs} ${result.stdout.trim()}`);
    }
  }
  fs.writeFileSync(path.join(out, 'scale.txt'), `${lines.join('\n')}\n`);
  run(process.execPath, [path.join(root, 'bench', 'scale-report.js'), path.join(out, 'scale.txt')]);
}

if (want('size')) {
  console.log('\n== 3. MFA policy size (non-white-space characters, aws-us-gov, 12-digit account; IAM limit 6,144)');
  run('java', ['-cp', benchCp(), 'io.github.cdkmfa.PolicySizeBench']);
}

if (want('checks')) {
  console.log(`\n== 5. checks: synthesize 10,000 constructs with 1,000 users, with and without MfaEnforcementChecks `
    + `(default thread stack, fresh JVM per run, alternated, median of ${scaleRuns})`);
  const cp = benchCp();
  const context = JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context,
    'aws:cdk:disable-stack-trace': true });
  const synthMs = { plain: [], check: [] };
  const checkMs = [];
  for (let r = 0; r < scaleRuns; r++) {
    for (const mode of ['plain', 'check']) {
      // No -Xss: the JVM's default stack is the point.
      const result = timed('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', cp,
        'io.github.cdkmfa.ChecksScaleBench', mode, path.join(out, `checks-${mode}.out`)],
      { extraEnv: { CDK_CONTEXT_JSON: context }, stdout: 'pipe' });
      if (result.status !== 0) throw new Error(`ChecksScaleBench ${mode} failed`);
      // ChecksScaleBench prints: mode, constructs, define ms, synth ms, ms inside the check (its own clock).
      const [, constructs, , synth, inCheck] = result.stdout.trim().split('\n').pop().split(' ');
      synthMs[mode].push(Number(synth));
      if (mode === 'check') checkMs.push(Number(inCheck));
      console.log(`  run ${r + 1} ${mode}: ${constructs} constructs, synth ${synth} ms`
        + `${mode === 'check' ? ` (${inCheck} ms in the check)` : ''}, wall ${result.wallMs} ms`);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const plain = median(synthMs.plain);
  const check = median(synthMs.check);
  console.log(`synth median: ${plain} ms without, ${check} ms with the check (${((check / plain - 1) * 100).toFixed(1)}% `
    + `added); inside the check: median ${median(checkMs)} ms (${(median(checkMs) / plain * 100).toFixed(1)}% of synth)`);
}

if (want('org')) {
  console.log('\n== 6. organization: SCP (limit 5,120 characters) and StackSet TemplateBody (51,200 bytes) sizes, roll-out');
  run('java', ['-cp', benchCp(), 'io.github.cdkmfa.OrganizationScaleBench', path.join(out, 'organization-sizes.csv')]);
}

if (want('tests') && !options['skip-tests']) {
  console.log('\n== 4. test suite: mvn -B -ntp verify');
  const log = path.join(out, 'verify.log');
  const fd = fs.openSync(log, 'w');
  const result = timed('mvn', ['-B', '-ntp', 'verify'], { stdout: fd, stderr: fd });
  fs.closeSync(fd);
  const text = fs.readFileSync(log, 'utf8');
  // The test count (not a timing) from Maven's summary line.
  const summary = text.split('\n').filter((line) => /Tests run:.*Fail/.test(line)).pop()?.replace(/^\[[A-Z]*\] /, '');
  const status = result.status === 0 ? 'passed' : 'FAILED';
  console.log(`mvn -B -ntp verify: ${status} in ${result.wallMs} ms`
    + `${result.cpuMs === undefined ? '' : ` (cpu ${result.cpuMs} ms)`} (${summary ?? 'no test summary'})`);
  if (result.status !== 0) {
    console.log(text.trim().split('\n').slice(-40).join('\n'));
    process.exit(1);
  }
}
console.log(`\nload average after: ${loadavg()}`);
