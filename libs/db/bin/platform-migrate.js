#!/usr/bin/env node
// A committed entry point, so npm links the bin on a fresh clone, before dist/ is built.
import '../dist/migrate-cli.js';
