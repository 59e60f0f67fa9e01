'use strict';

// Strapi loads plugin servers as CommonJS. The server is TypeScript source; outside Jest (which transforms
// it itself) it is compiled on the fly with esbuild-register, so the plugin needs no build step of its own.
if (!process.env.JEST_WORKER_ID) {
  require('esbuild-register/dist/node').register({ target: 'node20', extensions: ['.ts'] });
}

module.exports = require('./server/src').default;
