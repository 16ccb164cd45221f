import { appBundle } from '../../tsup.app.ts';

// Built only for the stand-ins image of docker-compose.yml; `pnpm start` runs the sources.
export default appBundle('src/main.ts');
