// Secrets and switches every test process needs; .env is not in git.
process.env.NODE_ENV = 'test';
process.env.STRAPI_TELEMETRY_DISABLED = 'true';
process.env.APP_KEYS = process.env.APP_KEYS || 'testKeyA,testKeyB';
process.env.API_TOKEN_SALT = process.env.API_TOKEN_SALT || 'test-api-token-salt';
process.env.ADMIN_JWT_SECRET = process.env.ADMIN_JWT_SECRET || 'test-admin-jwt-secret';
process.env.TRANSFER_TOKEN_SALT = process.env.TRANSFER_TOKEN_SALT || 'test-transfer-token-salt';
process.env.JWT_SECRET = process.env.JWT_SECRET || 'test-jwt-secret';
process.env.ENCRYPTION_KEY = process.env.ENCRYPTION_KEY || 'test-encryption-key';
// 32 random-looking bytes, base64: the token vault key used by the tests only.
process.env.RCI_VAULT_KEY = process.env.RCI_VAULT_KEY || 'dGVzdC12YXVsdC1rZXktMzItYnl0ZXMtbG9uZy0hISE=';
process.env.CRON_ENABLED = 'false';
process.env.RCI_CRON_ENABLED = 'false';
process.env.RCI_SEED_DEMO = 'false';
// Every request the plugin sends to a sandbox is recorded here (one JSON line each) for tests/contract; scripts/test.mjs
// empties it before each database's run. Set RCI_CONTRACT_RECORD_DIR= (empty) to record nothing.
if (process.env.RCI_CONTRACT_RECORD_DIR === undefined) {
  const database = process.env.DATABASE_CLIENT === 'postgres' ? 'postgres' : 'sqlite';
  process.env.RCI_CONTRACT_RECORD_DIR = require('node:path').resolve(
    __dirname,
    '..',
    '..',
    '.tmp',
    'contract',
    database
  );
}
