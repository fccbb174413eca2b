/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/src/**/*.test.ts', '<rootDir>/packages/**/*.test.ts'],
  // Tests run the domain rules from source; the app and the plugin load the built package at runtime
  // (node_modules/@retailcloud/domain → packages/domain/dist, built by npm run build:domain).
  // The sandboxes (development and tests only) have no build: always their source.
  moduleNameMapper: {
    '^@retailcloud/domain$': '<rootDir>/packages/domain/src/index.ts',
    '^@retailcloud/sandboxes$': '<rootDir>/packages/sandboxes/src/index.ts',
  },
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    '<rootDir>/tests/e2e/',
    // run after the main run by scripts/test.mjs (jest.contract.config.js): it reads what the main run recorded
    '<rootDir>/tests/contract/',
    // several app servers on one database: a PostgreSQL deployment (two servers on one SQLite file is not supported)
    ...(process.env.DATABASE_CLIENT === 'postgres' ? [] : ['<rootDir>/tests/instances.test.ts']),
  ],
  globalSetup: '<rootDir>/tests/helpers/global-setup.js',
  setupFiles: ['<rootDir>/tests/helpers/env.js'],
  // Booting Strapi takes seconds; API tests share one instance per file.
  testTimeout: 60000,
  maxWorkers: 2,
};
