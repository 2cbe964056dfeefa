// Runs Amazon States Language definitions written with JSONata (QueryLanguage "JSONata") against an in-memory
// model of the IAM calls they make, evaluating every expression with the jsonata package.
//
// Usage: node test/node/states.mjs in.json out.json
//
// in.json:  { definition: {...}, cases: [ { id, input, enteredTime, pageSize?, failOn?: { action: error },
//                                          users: { name: { tags: [{Key, Value}], devices: n } } } ] }
// out.json: { cases: { id: { path: [state], calls: [{ action, arguments }], users: {...}, error? } } }
//
// What this shows and what it does not: the states' JSONata (conditions, arguments, assignments, outputs) is
// evaluated by the jsonata library, and the walk follows the ASL rules for Choice, Task, Map, Succeed, Next, End,
// Assign, Output and Catch. It is not Step Functions: Retry, timeouts, concurrency and payload limits are not
// modelled, the JSONata release Step Functions runs is not documented (this uses the one package-lock.json pins),
// and the IAM model answers as the IAM API reference describes the calls (tag keys on users compared without
// regard to case, as the IAM User Guide says), not as a real account does. An expression that evaluates to
// nothing, or a Choice condition that is not a boolean, fails the case, the stricter reading.
import { readFileSync, writeFileSync } from 'node:fs';
import jsonata from 'jsonata';

const [inFile, outFile] = process.argv.slice(2);
if (!inFile || !outFile) {
  console.error('usage: node test/node/states.mjs in.json out.json');
  process.exit(2);
}
const input = JSON.parse(readFileSync(inFile, 'utf8'));

class StatesError extends Error {
  constructor(name, message) {
    super(message);
    this.errorName = name;
  }
}

async function evaluate(value, bindings) {
  if (typeof value === 'string') {
    const m = value.match(/^\{%([\s\S]*)%\}$/);
    if (!m) return value;
    let result;
    try {
      result = await jsonata(m[1]).evaluate({}, bindings);
    } catch (e) {
      throw new StatesError('States.QueryEvaluationError', `${m[1].trim()}: ${e.message}`);
    }
    if (result === undefined) {
      throw new StatesError('States.QueryEvaluationError', `${m[1].trim()} evaluated to nothing`);
    }
    return JSON.parse(JSON.stringify(result)); // drop jsonata's sequence markers
  }
  if (Array.isArray(value)) {
    const out = [];
    for (const item of value) out.push(await evaluate(item, bindings));
    return out;
  }
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = await evaluate(v, bindings);
    return out;
  }
  return value;
}

function iam(testCase, calls) {
  const users = testCase.users;
  const find = (name) => {
    if (!(name in users)) throw new StatesError('Iam.NoSuchEntityException', `no user ${name}`);
    return users[name];
  };
  const sameKey = (a, b) => a.toLowerCase() === b.toLowerCase();
  return (action, args) => {
    calls.push({ action, arguments: args });
    if (testCase.failOn && testCase.failOn[action]) throw new StatesError(testCase.failOn[action], 'injected');
    switch (action) {
      case 'listUsers': {
        const names = Object.keys(users).sort();
        const size = Math.min(args.MaxItems ?? 100, testCase.pageSize ?? Infinity);
        const start = args.Marker ? names.indexOf(args.Marker) : 0;
        if (start < 0) throw new StatesError('Iam.InvalidInputException', `bad marker ${args.Marker}`);
        const page = names.slice(start, start + size);
        const truncated = start + size < names.length;
        const result = { Users: page.map((n) => ({ UserName: n, Path: '/', Arn: `arn:aws:iam::111122223333:user/${n}` })),
          IsTruncated: truncated };
        if (truncated) result.Marker = names[start + size];
        return result;
      }
      case 'listUserTags':
        return { Tags: find(args.UserName).tags.map((t) => ({ ...t })), IsTruncated: false };
      case 'listMFADevices':
        return { MfaDevices: Array.from({ length: find(args.UserName).devices }, (_, i) => ({
          UserName: args.UserName, SerialNumber: `arn:aws:iam::111122223333:mfa/${args.UserName}-${i}`,
          EnableDate: '2026-11-01T00:00:00Z' })), IsTruncated: false };
      case 'tagUser': {
        const user = find(args.UserName);
        for (const tag of args.Tags) {
          const old = user.tags.find((t) => sameKey(t.Key, tag.Key));
          if (old) old.Value = tag.Value; else user.tags.push({ Key: tag.Key, Value: tag.Value });
        }
        return {};
      }
      case 'untagUser': {
        const user = find(args.UserName);
        user.tags = user.tags.filter((t) => !args.TagKeys.some((k) => sameKey(k, t.Key)));
        return {};
      }
      default:
        throw new StatesError('States.Runtime', `the IAM model has no ${action}`);
    }
  };
}

async function run(machine, stateInput, scope, ctx) {
  let name = machine.StartAt;
  let data = stateInput;
  for (let steps = 0; steps < 10000; steps++) {
    const state = machine.States[name];
    if (!state) throw new StatesError('States.Runtime', `no state ${name}`);
    ctx.path.push(name);
    const states = { input: data, context: { State: { Name: name, EnteredTime: ctx.enteredTime } } };
    let next;
    switch (state.Type) {
      case 'Choice': {
        next = state.Default;
        for (const rule of state.Choices) {
          const verdict = await evaluate(rule.Condition, { ...scope, states });
          if (typeof verdict !== 'boolean') {
            throw new StatesError('States.QueryEvaluationError', `${name}: condition is ${JSON.stringify(verdict)}`);
          }
          if (verdict) {
            if (rule.Assign) Object.assign(scope, await evaluate(rule.Assign, { ...scope, states }));
            next = rule.Next;
            break;
          }
        }
        if (next === undefined) throw new StatesError('States.NoChoiceMatched', name);
        break;
      }
      case 'Task': {
        const action = state.Resource.split(':').pop();
        let result;
        try {
          result = ctx.call(action, await evaluate(state.Arguments ?? {}, { ...scope, states }));
        } catch (e) {
          const handler = (state.Catch ?? []).find((c) => c.ErrorEquals.includes(e.errorName)
              || c.ErrorEquals.includes('States.ALL'));
          if (!handler || !(e instanceof StatesError)) throw e;
          next = handler.Next;
          data = { Error: e.errorName, Cause: e.message };
          break;
        }
        const withResult = { ...scope, states: { ...states, result } };
        const assigned = state.Assign ? await evaluate(state.Assign, withResult) : {};
        data = state.Output !== undefined ? await evaluate(state.Output, withResult) : result;
        Object.assign(scope, assigned);
        next = state.End ? null : state.Next;
        break;
      }
      case 'Map': {
        const items = await evaluate(state.Items ?? '{% $states.input %}', { ...scope, states });
        if (!Array.isArray(items)) throw new StatesError('States.QueryEvaluationError', `${name}: Items is not an array`);
        const results = [];
        for (const item of items) {
          results.push(await run(state.ItemProcessor, item, { ...scope }, ctx));
        }
        data = state.Output !== undefined
          ? await evaluate(state.Output, { ...scope, states: { ...states, result: results } }) : results;
        next = state.End ? null : state.Next;
        break;
      }
      case 'Succeed':
        return data;
      default:
        throw new StatesError('States.Runtime', `the walker has no state type ${state.Type}`);
    }
    if (next === null) return data;
    name = next;
  }
  throw new StatesError('States.Runtime', 'more than 10000 transitions');
}

const out = { cases: {} };
for (const testCase of input.cases) {
  const calls = [];
  const ctx = { path: [], enteredTime: testCase.enteredTime, call: iam(testCase, calls) };
  const report = { path: ctx.path, calls };
  try {
    await run(input.definition, testCase.input ?? {}, {}, ctx);
  } catch (e) {
    report.error = e instanceof StatesError ? `${e.errorName}: ${e.message}` : `walker: ${e.stack}`;
  }
  report.users = testCase.users;
  out.cases[testCase.id] = report;
}
writeFileSync(outFile, JSON.stringify(out, null, 2));
