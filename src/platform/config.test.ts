import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
};

describe('configuration from the environment', () => {
  it('starts on the embedded database with nothing set', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ kind: 'pglite' });
    expect(config.port).toBe(3000);
    expect(config.mapTileUrl).toBeUndefined();
    expect(config.mapCentre).toEqual({ lat: 51.5074, lon: -0.1278 });
  });

  it('takes a variable set to nothing as not set (an empty PORT is not port 0)', () => {
    const config = loadConfig({ PORT: '', SESSION_HOURS: '', DATABASE_URL: '' });
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.database).toMatchObject({ kind: 'pglite' });
  });

  it('ends sessions unused for an hour unless told otherwise, and refuses a limit under ten minutes', () => {
    expect(loadConfig({}).sessionIdleMinutes).toBe(60);
    expect(loadConfig({ SESSION_IDLE_MINUTES: '20' }).sessionIdleMinutes).toBe(20);
    expect(problems({ SESSION_IDLE_MINUTES: '5' })).toContain('SESSION_IDLE_MINUTES:');
  });

  it('lists every setting that is wrong, each with what it must be', () => {
    const message = problems({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MAP_CENTRE: 'Barking' });
    expect(message).toContain('The configuration is not valid:');
    expect(message).toContain('PORT:');
    expect(message).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
    expect(message).toContain(
      'MAP_CENTRE: give a latitude and a longitude separated by a comma, for example 51.5362,0.0813',
    );
    expect(problems({ STORAGE: 's3' })).toContain('S3_BUCKET: required when STORAGE=s3');
  });

  it('reads where maps to pick a place on start', () => {
    expect(loadConfig({ MAP_CENTRE: ' 51.5362 , 0.0813 ' }).mapCentre).toEqual({ lat: 51.5362, lon: 0.0813 });
    expect(problems({ MAP_CENTRE: '95,0' })).toContain(
      'MAP_CENTRE: the latitude must be between -90 and 90 and the longitude between -180 and 180',
    );
  });
});
