/**
 * The contract test (tests/contract): reads the requests the main jest run recorded (tests/helpers/env.js sets
 * RCI_CONTRACT_RECORD_DIR) and checks them against the providers' contracts. scripts/test.mjs runs it after the main
 * run of each database; the main config leaves tests/contract out.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testMatch: ['<rootDir>/tests/contract/**/*.test.ts'],
  moduleNameMapper: { '^@retailcloud/sandboxes$': '<rootDir>/packages/sandboxes/src/index.ts' },
  setupFiles: ['<rootDir>/tests/helpers/env.js'],
  testTimeout: 120000,
  maxWorkers: 1,
};
