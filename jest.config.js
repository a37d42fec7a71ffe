/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // chalk 5 and string-width (with its own dependencies) are ESM-only; Node loads them natively, jest needs them transformed.
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(chalk|string-width|strip-ansi|ansi-regex|get-east-asian-width)/)'],
  testTimeout: 30000,
};
