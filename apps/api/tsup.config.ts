import { appBundle } from '../../tsup.app.ts';

export default appBundle(['src/server.ts', 'src/migrate.ts']);
