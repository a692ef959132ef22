import { DIRECTORY_ENV, enableMultiprocess } from './writer.js'

// With WATCHFIRE_MULTIPROC_DIR set, every process that loads the client shares the global registry there, as the
// Python client does with its environment variable (cluster and PM2 workers, pre-forked or supervised processes
// alike). A failure here (say, an unwritable directory) fails the start-up with its message.
const directory = process.env[DIRECTORY_ENV]
if (directory !== undefined && directory !== '') enableMultiprocess({ directory })
