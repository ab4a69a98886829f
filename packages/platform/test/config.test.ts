import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, env, loadConfig, TRACING_ENV, tracingConfig } from '../src/index.js';

const schema = z.object({
  PORT: env.port(),
  DB_PASSWORD: env.secret(),
  KAFKA_BROKERS: env.list(),
  DEBUG_SQL: env.bool().default(false),
});

const valid = {
  PORT: '8081',
  DB_PASSWORD: 'a-long-enough-secret',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
};

describe('loadConfig', () => {
  it('when every variable is valid, then it returns typed values', () => {
    expect(loadConfig(schema, valid)).toEqual({
      PORT: 8081,
      DB_PASSWORD: 'a-long-enough-secret',
      KAFKA_BROKERS: ['127.0.0.1:9092', '127.0.0.1:9093'],
      DEBUG_SQL: false,
    });
  });

  it('when a secret is missing, then the error names the variable and says it is required', () => {
    const { DB_PASSWORD: _omitted, ...rest } = valid;
    expect(() => loadConfig(schema, rest)).toThrow(/DB_PASSWORD: is required but not set/);
  });

  it('when several variables are bad, then every one is named', () => {
    try {
      loadConfig(schema, { ...valid, PORT: '80a', DB_PASSWORD: 'short', DEBUG_SQL: 'yes' });
      expect.unreachable('loadConfig accepted a bad configuration');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT: must be an integer/);
      expect(problems).toMatch(/DB_PASSWORD: must be at least 16 characters/);
      expect(problems).toMatch(/DEBUG_SQL: must be true or false/);
    }
  });

  it('when a port is out of range, then it is refused', () => {
    expect(() => loadConfig(schema, { ...valid, PORT: '70000' })).toThrow(/PORT/);
  });
});

describe('env.urls', () => {
  const replicas = z.object({ ITEM_SERVICE_URL: env.urls() });

  it('when a variable lists the base URLs of replicas, then each is checked and the list is kept', () => {
    expect(
      loadConfig(replicas, { ITEM_SERVICE_URL: 'http://127.0.0.1:8081, http://127.0.0.1:8181' }),
    ).toEqual({ ITEM_SERVICE_URL: 'http://127.0.0.1:8081,http://127.0.0.1:8181' });
    expect(loadConfig(replicas, { ITEM_SERVICE_URL: 'http://item:8081' })).toEqual({
      ITEM_SERVICE_URL: 'http://item:8081',
    });
  });

  it('when one part is not a URL or the list is empty, then the variable is named', () => {
    expect(() =>
      loadConfig(replicas, { ITEM_SERVICE_URL: 'http://127.0.0.1:8081,item-two' }),
    ).toThrow(/ITEM_SERVICE_URL.*must be a URL, or several separated by commas/);
    expect(() => loadConfig(replicas, { ITEM_SERVICE_URL: ' , ' })).toThrow(/ITEM_SERVICE_URL/);
  });
});

describe('the OpenTelemetry variables', () => {
  const tracing = z.object(TRACING_ENV);

  it('when they are unset or empty, then nothing is exported and the service keeps its name', () => {
    expect(tracingConfig(loadConfig(tracing, {}))).toEqual({});
    expect(tracingConfig(loadConfig(tracing, { OTEL_EXPORTER_OTLP_ENDPOINT: '' }))).toEqual({});
  });

  it('when they are set, then the endpoint and name are taken; a bad endpoint is named', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318', OTEL_SERVICE_NAME: 'svc' };
    expect(tracingConfig(loadConfig(tracing, env))).toEqual({
      endpoint: 'http://otel:4318',
      serviceName: 'svc',
    });
    expect(() => loadConfig(tracing, { OTEL_EXPORTER_OTLP_ENDPOINT: 'otel' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be a URL/,
    );
  });

  it('when a Zipkin endpoint is set, then it is taken beside OTLP; empty is unset, a bad one is named', () => {
    const zipkinEndpoint = 'http://127.0.0.1:9411/api/v2/spans';
    expect(
      tracingConfig(loadConfig(tracing, { OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkinEndpoint })),
    ).toEqual({ zipkinEndpoint });
    expect(tracingConfig(loadConfig(tracing, { OTEL_EXPORTER_ZIPKIN_ENDPOINT: ' ' }))).toEqual({});
    expect(() => loadConfig(tracing, { OTEL_EXPORTER_ZIPKIN_ENDPOINT: '9411' })).toThrow(
      /OTEL_EXPORTER_ZIPKIN_ENDPOINT: must be a URL/,
    );
  });
});
