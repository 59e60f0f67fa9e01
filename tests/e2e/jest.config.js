// The admin end-to-end suite (npm run test:e2e): Chromium against the built admin. Kept out of `npm test`,
// which needs no build and no browser.
module.exports = {
  rootDir: '../..',
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
  testEnvironment: 'node',
  testTimeout: 300_000,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
};
