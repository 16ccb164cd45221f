import { prepareTemplateDatabase } from '@scheduler/testing';

export default async function setup() {
  await prepareTemplateDatabase();
}
