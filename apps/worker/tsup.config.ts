import { appBundle } from '../../tsup.app.ts';

export default appBundle('src/main.ts');
