#!/usr/bin/env node
// Local development only: create .env with fresh random secrets when it is missing, and add any secret that a
// newer version of the app needs. Production supplies these through its environment instead (the app refuses to
// start without RCI_VAULT_KEY there).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const file = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '.env');
const random = (bytes = 16) => crypto.randomBytes(bytes).toString('base64');
const wanted = {
  HOST: '0.0.0.0',
  PORT: '1337',
  APP_KEYS: [random(), random(), random(), random()].join(','),
  API_TOKEN_SALT: random(),
  ADMIN_JWT_SECRET: random(),
  TRANSFER_TOKEN_SALT: random(),
  JWT_SECRET: random(),
  ENCRYPTION_KEY: random(),
  // AES-256-GCM key of the integrations token vault (32 bytes, base64).
  RCI_VAULT_KEY: random(32),
};

const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
const present = new Set(
  existing
    .split('\n')
    .map((line) => line.split('=')[0]?.trim())
    .filter(Boolean)
);
const missing = Object.entries(wanted).filter(([key]) => !present.has(key));
if (missing.length > 0) {
  const lines = missing.map(([key, value]) => `${key}=${value}`).join('\n');
  fs.writeFileSync(file, `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}${lines}\n`, { mode: 0o600 });
  console.log(`.env: generated ${missing.map(([k]) => k).join(', ')} for local development`);
}
