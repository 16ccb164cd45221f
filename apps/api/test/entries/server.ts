// The API process as tests and benchmarks run it: the production entry plus the test job types.
import { testJobs } from '@scheduler/testing';
import { startApiServer } from '../../src/server.ts';

startApiServer({ extraJobs: testJobs });
