import { serverlessConfig } from './serverless.config.mjs';

export default serverlessConfig('functions-actions');
