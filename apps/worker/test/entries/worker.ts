// The worker process as tests and benchmarks run it: the production entry plus the test job types.
import { testJobs } from '@scheduler/testing';
import { startWorkerProcess } from '../../src/main.ts';

startWorkerProcess({ extraJobs: testJobs });
