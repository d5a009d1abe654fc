// The serial queue lives in core (one implementation for the canary engine and the job runner).
export { createSerialQueue, type SerialQueue } from '@lukhas/core';
