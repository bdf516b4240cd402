#!/usr/bin/env node
/* global process, fetch, AbortSignal, URL, URLSearchParams, setTimeout, clearTimeout */
// Production install check: the built tree, with devDependencies pruned, starts with
// `npm run start:prod` on a fresh data folder and serves every page without a 5xx.
//
//   npm run build && node scripts/smoke-prod.mjs
//
// 1. copies package.json, the lock file, dist/, templates/, public/ and node_modules/ to a
//    temporary folder and runs `npm prune --omit=dev` there (what a production install has);
// 2. starts `npm run start:prod` there (production mode, a free port, an empty database, so
//    the seed data loads, and a first admin from ADMIN_EMAIL/ADMIN_PASSWORD);
// 3. signs in as that admin through the sign-in form and follows every same-site link from
//    the organiser pages (GET only), then asks for every address found again without signing
//    in (the public pages, and the organiser pages' answer to strangers);
// 4. fails on any 5xx or unanswered request, stops the server (SIGTERM) and cleans up.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const projectDir = path.resolve(process.argv[2] ?? '.');
const MAX_PAGES = Number(process.env.SMOKE_MAX_PAGES ?? 1500);
const REQUEST_TIMEOUT_MS = 20_000;
const START_TIMEOUT_MS = 120_000;
const PARALLEL = 4;

function log(line) {
  process.stdout.write(`smoke-prod: ${line}\n`);
}

function copyBuiltTree(to) {
  for (const entry of [
    'package.json',
    'package-lock.json',
    'dist',
    'templates',
    'public',
    'node_modules',
  ]) {
    const from = path.join(projectDir, entry);
    if (!existsSync(from))
      throw new Error(`${from} is missing (run npm ci and npm run build first)`);
    // node_modules may be a symlink (a shared install): the copy is a real folder to prune.
    cpSync(from, path.join(to, entry), { recursive: true, dereference: true });
  }
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Cookies of one visitor (the server's are not Secure over plain http). */
class Jar {
  cookies = new Map();
  store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function get(baseUrl, pathAndQuery, jar) {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, {
    headers: jar ? { cookie: jar.header() } : {},
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  jar?.store(res);
  const type = res.headers.get('content-type') ?? '';
  // A live wall's event stream never ends: its answering is what counts.
  const body = type.startsWith('text/event-stream')
    ? (await res.body?.cancel(), '')
    : await res.text();
  return { status: res.status, type, body, location: res.headers.get('location') };
}

async function signIn(baseUrl, email, password) {
  const jar = new Jar();
  const form = await get(baseUrl, '/sign-in', jar);
  const token = /name=['"]_csrf['"] value=['"]([^'"]+)['"]/.exec(form.body)?.[1];
  if (form.status !== 200 || !token)
    throw new Error(`GET /sign-in answered ${form.status} without a form`);
  const res = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: token }),
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  jar.store(res);
  if (res.status !== 303 || !jar.cookies.has('fk_session')) {
    throw new Error(`signing in as ${email} answered ${res.status}`);
  }
  return jar;
}

/** Same-site addresses a page links to (links, images, form GETs are left out: they need input). */
function linksIn(html, baseUrl, from) {
  const found = new Set();
  for (const match of html.matchAll(/\shref=["']([^"'#]+)["']/g)) {
    const raw = match[1].replaceAll('&amp;', '&');
    let url;
    try {
      url = new URL(raw, `${baseUrl}${from}`);
    } catch {
      continue;
    }
    if (url.origin !== baseUrl || url.pathname.startsWith('/static/')) continue;
    found.add(`${url.pathname}${url.search}`);
  }
  return found;
}

/** Visits everything reachable from `start`; returns every address seen and what failed. */
async function crawl(baseUrl, start, jar) {
  const seen = new Set(start);
  const queue = [...start];
  const failures = [];
  let visited = 0;
  const worker = async () => {
    while (queue.length > 0 && visited < MAX_PAGES) {
      const next = queue.shift();
      visited += 1;
      try {
        const res = await get(baseUrl, next, jar);
        if (res.status >= 500) failures.push(`${res.status} GET ${next}`);
        const links = res.type.startsWith('text/html')
          ? linksIn(res.body, baseUrl, next)
          : new Set();
        if (res.location) links.add(new URL(res.location, `${baseUrl}${next}`).pathname);
        for (const link of links) {
          if (seen.has(link) || link === '/sign-out') continue;
          seen.add(link);
          queue.push(link);
        }
      } catch (err) {
        failures.push(`no answer to GET ${next}: ${err.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { seen: [...seen], visited, failures, truncated: queue.length > 0 };
}

async function waitForHealth(baseUrl, server) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`the server exited with ${server.exitCode} while starting`);
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`/health did not answer 200 within ${START_TIMEOUT_MS / 1000} s`);
}

/**
 * SIGTERM to the process group (npm and the app under it, as Ctrl-C in a terminal: npm does
 * not pass a SIGTERM of its own on); SIGKILL after 30 s.
 */
function stopServer(server) {
  if (server.exitCode !== null || server.signalCode !== null) {
    return Promise.resolve(server.exitCode ?? server.signalCode);
  }
  return new Promise((resolve) => {
    const signal = (name, target) => {
      try {
        process.kill(target, name);
      } catch {
        // the group is gone already
      }
    };
    const deadline = setTimeout(() => signal('SIGKILL', -server.pid), 30_000);
    // 'close': npm may end first; the app holds the same output pipes until it has stopped.
    server.once('close', (code, signal) => {
      clearTimeout(deadline);
      resolve(code ?? signal);
    });
    signal('SIGTERM', -server.pid);
  });
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'forumkit-prod-'));
  let server;
  let output = '';
  try {
    log(`copying the built tree to ${dir}`);
    copyBuiltTree(dir);
    log('npm prune --omit=dev');
    run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], dir);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const admin = {
      email: 'smoke-admin@example.org',
      password: randomBytes(12).toString('base64url'),
    };
    const env = { ...process.env };
    for (const key of Object.keys(env)) {
      if (/^(MONGODB_URI|MONGOMS_|DB_|SMTP_|PASSWORD_HASH_COST|TZ$)/.test(key)) delete env[key];
    }
    Object.assign(env, {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      DB_PATH: path.join(dir, 'data', 'db'),
      MAIL_DIR: path.join(dir, 'data', 'mail'),
      SEED_ON_EMPTY: 'true',
      LOG_LEVEL: 'info',
    });
    log(`npm run start:prod on ${baseUrl}`);
    server = spawn('npm', ['run', 'start:prod'], { cwd: dir, env, detached: true, stdio: 'pipe' });
    server.stdout.on('data', (chunk) => (output += chunk));
    server.stderr.on('data', (chunk) => (output += chunk));
    await waitForHealth(baseUrl, server);

    const jar = await signIn(baseUrl, admin.email, admin.password);
    const organiser = await crawl(baseUrl, ['/'], jar);
    log(`signed in as the first admin: ${organiser.visited} pages`);
    const visitor = await crawl(baseUrl, organiser.seen, undefined);
    log(`without signing in: ${visitor.visited} pages`);
    const failures = [...organiser.failures, ...visitor.failures.map((f) => `${f} (signed out)`)];
    if (organiser.truncated || visitor.truncated)
      log(`stopped at ${MAX_PAGES} pages (SMOKE_MAX_PAGES)`);
    if (organiser.visited < 20)
      failures.push(`only ${organiser.visited} organiser pages found: is the seed data there?`);

    const stopped = await stopServer(server);
    // npm itself ends by the signal; the app must have stopped gracefully.
    if ((stopped !== 0 && stopped !== 'SIGTERM') || !/"msg":"stopped"/.test(output)) {
      failures.push(`the app did not stop gracefully on SIGTERM (npm ended with ${stopped})`);
    }
    if (failures.length > 0) {
      throw new Error(`${failures.length} problem(s):\n  ${failures.slice(0, 50).join('\n  ')}`);
    }
    log('ok');
  } catch (err) {
    process.stderr.write(`smoke-prod: ${err.message}\n`);
    if (output) process.stderr.write(`--- server output ---\n${output.slice(-10_000)}\n---\n`);
    process.exitCode = 1;
  } finally {
    if (server && server.exitCode === null) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
