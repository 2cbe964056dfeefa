// cdk.json's "app" command (`node scripts/cdk-app.mjs`): runs the sample app with `java -cp` on a cached classpath,
// and builds through Maven only when the build inputs changed, so that a `cdk synth` of unchanged sources does not
// pay Maven's start-up.
//
// Correctness: the inputs (pom.xml, .mvn/ and every file under src/, by path and content) are hashed on each run,
// and so is what target/classes holds (path and content of each file). The classes are used only when both hashes
// equal the ones stamped after the last successful build, the compiled main class is there and every jar on the
// cached classpath still exists; otherwise it runs `mvn compile dependency:build-classpath` first (so a fresh clone,
// a `git pull`, an edit, a new or deleted file, a new dependency or classes rebuilt elsewhere all rebuild). The
// stamp holds the hash taken before the build: a file edited during the build is seen as changed on the next run.
// A failed build leaves no stamp and fails the command. Arguments are passed to the app unchanged; CDK context
// (`cdk synth -c key=value`) reaches it through the environment the CLI sets. Cache files live in target/cdk-app
// (git-ignored, removed by `mvn clean`).
//
// Plain Node.js with its own modules only (the CDK CLI already needs Node.js): no shell, find or sha256sum, so it
// behaves the same on Linux, macOS and Windows. Written here because neither Maven nor the CDK CLI caches a
// classpath for an app command.
// Environment: APP_JAVA_OPTS replaces the JVM options below (empty for none); APP_MVN and APP_JAVA name other mvn
// and java commands.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(project, 'target', 'cdk-app');
const classes = path.join(project, 'target', 'classes');
const mainClass = 'io.github.cdkmfa.sample.SampleApp';
const windows = process.platform === 'win32';
const mvn = process.env.APP_MVN || (windows ? 'mvn.cmd' : 'mvn');
const java = process.env.APP_JAVA
  || (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', windows ? 'java.exe' : 'java') : 'java');
// Short run: the app lives for seconds, so C1 only and the serial collector start fastest.
const javaOpts = (process.env.APP_JAVA_OPTS ?? '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC').split(/\s+/)
  .filter(Boolean);

/** Every regular file under `dir` (symbolic links followed), as paths relative to `root` with `/` separators. */
function filesUnder(root, dir) {
  let entries;
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch (e) {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return [];
    throw e;
  }
  return entries.flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    let stat = entry;
    if (entry.isSymbolicLink()) {
      try {
        stat = fs.statSync(path.join(root, relative));
      } catch {
        return []; // a dangling link holds nothing to build from
      }
    }
    if (stat.isDirectory()) return filesUnder(root, relative);
    return stat.isFile() ? [relative] : [];
  });
}

/**
 * SHA-256 over the path and content of each file, in code-unit order of the paths, so the same tree gives the same
 * hash on every platform.
 */
function treeHash(root, relativePaths) {
  const tree = createHash('sha256');
  for (const relative of [...relativePaths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const content = createHash('sha256').update(fs.readFileSync(path.join(root, relative))).digest('hex');
    tree.update(`${relative}\0${content}\n`);
  }
  return tree.digest('hex');
}

const inputsHash = () => treeHash(project, [...(fs.existsSync(path.join(project, 'pom.xml')) ? ['pom.xml'] : []),
  ...filesUnder(project, '.mvn'), ...filesUnder(project, 'src')]);
// Content, not modification times: a build run outside this launcher (an IDE, `mvn compile` after an edit that was
// then undone) changes the classes, so they no longer match the stamped inputs.
const classesHash = () => treeHash(classes, filesUnder(classes, ''));

const cached = (name) => {
  try {
    return fs.readFileSync(path.join(cache, name), 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  }
};
const classpathJars = (text) => text.trim().split(path.delimiter).filter(Boolean);

function upToDate(hash) {
  const [inputs, built, classpath] = ['inputs.sha256', 'classes.sha256', 'classpath.txt'].map(cached);
  return inputs !== undefined && built !== undefined && classpath !== undefined
    && inputs.trim() === hash
    && built.trim() === classesHash()
    && fs.existsSync(path.join(classes, ...mainClass.split('.')) + '.class')
    && classpathJars(classpath).every((jar) => fs.existsSync(jar));
}

/**
 * Windows runs mvn.cmd through cmd.exe (Node refuses to start a .cmd without a shell since 20.12.2), so each argument
 * is quoted there.
 */
function commandLine(command, args) {
  if (windows && /\.(cmd|bat)$/i.test(command)) {
    return [`"${command}"`, args.map((arg) => `"${arg}"`), { shell: true }];
  }
  return [command, args, {}];
}

function build(hash) {
  fs.mkdirSync(cache, { recursive: true });
  for (const stamp of ['inputs.sha256', 'classes.sha256']) fs.rmSync(path.join(cache, stamp), { force: true });
  const [command, args, options] = commandLine(mvn, ['-e', '-q', '-B', '-ntp', '-f', path.join(project, 'pom.xml'),
    'compile', 'dependency:build-classpath', '-Dmdep.includeScope=runtime',
    `-Dmdep.outputFile=${path.join(cache, 'classpath.txt.new')}`]);
  // The app's standard output is the CLI's; Maven's goes to standard error.
  const result = spawnSync(command, args, { ...options, stdio: ['inherit', 2, 'inherit'] });
  if (result.error) {
    console.error(`cdk-app: cannot run ${mvn} (${result.error.message}): install Maven 3.8 or later, or set APP_MVN`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`cdk-app: the build failed (${mvn} exited with ${result.status ?? result.signal})`);
    process.exit(1);
  }
  if (!fs.existsSync(path.join(cache, 'classpath.txt.new'))) {
    console.error(`cdk-app: ${mvn} succeeded but wrote no classpath to ${path.join(cache, 'classpath.txt.new')}`);
    process.exit(1);
  }
  fs.renameSync(path.join(cache, 'classpath.txt.new'), path.join(cache, 'classpath.txt'));
  fs.writeFileSync(path.join(cache, 'classes.sha256'), `${classesHash()}\n`);
  fs.writeFileSync(path.join(cache, 'inputs.sha256.new'), `${hash}\n`);
  fs.renameSync(path.join(cache, 'inputs.sha256.new'), path.join(cache, 'inputs.sha256'));
}

const hash = inputsHash();
if (!upToDate(hash)) build(hash);

const classpath = [classes, ...classpathJars(cached('classpath.txt'))].join(path.delimiter);
// jsii prints a page-long banner on every run while Node 20 is what the project pins; set the variable to anything
// else to see it.
const env = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', ...process.env };
const app = spawn(java, [...javaOpts, '-cp', classpath, mainClass, ...process.argv.slice(2)],
  { stdio: 'inherit', env });
// The CLI stops the app by signalling this process: pass the signal on.
const forward = (signal) => app.kill(signal);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
app.on('error', (e) => {
  console.error(`cdk-app: cannot run ${java} (${e.message}): install Java 17 or later, or set JAVA_HOME or APP_JAVA`);
  process.exit(1);
});
app.on('exit', (code, signal) => {
  if (signal) {
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(name, forward);
    process.kill(process.pid, signal);
  } else {
    process.exit(code);
  }
});
