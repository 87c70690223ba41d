import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asList, composeConfig, findComposeCli, ROOT, servicesStarted, type ComposeService } from './compose-cli.js';

// No container engine can pull images on these machines, but Compose parses, interpolates and
// validates the file without one: this checks what the stack relies on, as `docker-compose
// config` resolves it, for the default stack and the `replica-set` profile.
const cli = findComposeCli();
const CI = process.env.CI === 'true' || process.env.CI === '1';
const ENV_EXAMPLE = readFileSync(join(ROOT, '.env.example'), 'utf8');

function resolved(profile?: string) {
  if (!cli)
    throw new Error('docker-compose is not installed, and CI must check the file: apt-get install docker-compose');
  const result = composeConfig(cli, ENV_EXAMPLE, profile);
  if (!result.ok) throw new Error(`docker-compose config failed:\n${result.error}`);
  return result.config;
}

const env = (service: ComposeService, name: string) => String(service.environment?.[name] ?? '');
const mounts = (service: ComposeService) =>
  (service.volumes ?? []).map((volume) =>
    typeof volume === 'string' ? volume.split(':').slice(0, 2).join(':') : `${volume.source}:${volume.target}`,
  );
const seconds = (duration: string | undefined) => {
  const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration ?? '');
  return match ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : 0;
};

if (!cli && !CI) {
  console.warn(
    '[compose] SKIPPED: no docker-compose here (Debian: apt-get install docker-compose; it checks the file without an engine)',
  );
}

describe.skipIf(!cli && !CI)('docker-compose.yml, as Compose resolves it', () => {
  it('runs the app and MongoDB 8 by default, the app only once MongoDB is healthy', () => {
    const config = resolved();
    expect(servicesStarted(config)).toEqual(['app', 'mongo']);
    const { app, mongo } = config.services as Record<string, ComposeService>;
    expect(mongo!.image).toMatch(/^mongo:8(\.|$)/);
    expect(app!.depends_on).toEqual({ mongo: { condition: 'service_healthy' } });
    expect(new URL(env(app!, 'MONGODB_URI')).host).toBe('mongo:27017');
    expect(env(app!, 'MONGODB_URI')).not.toContain('replicaSet');
    expect(mounts(mongo!)).toContain('mongo-data:/data/db');
    expect(mounts(app!)).toContain('app-data:/data');
  });

  it('keeps MongoDB off the host network and checks the app by /readyz', () => {
    const config = resolved('replica-set');
    for (const name of ['mongo', 'mongo-rs']) expect(config.services[name]!.ports ?? []).toEqual([]);
    for (const name of ['app', 'app-rs']) {
      const app = config.services[name]!;
      expect(asList(app.healthcheck?.test).join(' ')).toContain('/readyz');
      expect(env(app, 'HOST')).toBe('0.0.0.0');
      // Longer than the server's default SHUTDOWN_GRACE_MS (10 s), so a stop lets running requests finish.
      expect(seconds(app.stop_grace_period)).toBeGreaterThanOrEqual(15);
    }
  });

  it('takes every secret from .env and refuses to start without the MongoDB password', () => {
    const app = resolved().services.app!;
    // The app reads the operator's .env (env_file): the example's values show through.
    expect(env(app, 'SESSION_SECRET')).toBe(/^SESSION_SECRET=(.*)$/m.exec(ENV_EXAMPLE)![1]);
    const withoutPassword = ENV_EXAMPLE.replace(/^MONGO_ROOT_PASSWORD=.*$/m, '');
    const refused = composeConfig(cli!, withoutPassword);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error).toContain('set MONGO_ROOT_PASSWORD in .env');
  });

  it('keeps the data volumes under the names earlier versions of the file gave them', () => {
    const { volumes } = resolved();
    expect(volumes?.['mongo-data']?.name).toBe('scriptgate_mongo-data');
    expect(volumes?.['app-data']?.name).toBe('scriptgate_app-data');
  });

  it('offers MongoDB as a single-member replica set rs0, started by name with its own app', () => {
    const config = resolved('replica-set');
    expect(servicesStarted(config, 'replica-set')).toEqual(['app', 'app-rs', 'mongo', 'mongo-rs']);
    const appRs = config.services['app-rs']!;
    const mongoRs = config.services['mongo-rs']!;
    expect(mongoRs.profiles).toEqual(['replica-set']);
    expect(appRs.profiles).toEqual(['replica-set']);
    // `up app-rs` brings mongo-rs and nothing of the default stack.
    expect(appRs.depends_on).toEqual({ 'mongo-rs': { condition: 'service_healthy' } });
    expect(mongoRs.image).toBe(config.services.mongo!.image);
    expect(mounts(mongoRs)).toContain('mongo-data:/data/db');

    const command = asList(mongoRs.command);
    expect(command.slice(command.indexOf('--replSet'), command.indexOf('--replSet') + 2)).toEqual(['--replSet', 'rs0']);
    expect(command).toContain('--bind_ip_all');
    const keyFile = command[command.indexOf('--keyFile') + 1]!;
    const script = asList(mongoRs.entrypoint).join('\n');
    expect(script).toContain(keyFile);
    expect(script).toMatch(/chmod 400/);
    expect(script).toContain('exec docker-entrypoint.sh');

    const uri = new URL(env(appRs, 'MONGODB_URI'));
    expect(uri.searchParams.get('replicaSet')).toBe('rs0');
    expect(uri.searchParams.get('authSource')).toBe('admin');
    const check = asList(mongoRs.healthcheck?.test).join(' ');
    // rs.initiate only while the set is not initiated (idempotent), naming the host the app connects to.
    expect(check).toMatch(/catch \(e\) \{ if \(e\.codeName !== 'NotYetInitialized'\) throw e;\s*rs\.initiate\(/);
    expect(check).toContain("rs.initiate({ _id: 'rs0'");
    expect(check).toContain(`host: '${uri.host}'`);
    expect(check).toContain('isWritablePrimary');
  });
});
