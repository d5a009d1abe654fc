import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverIssuerMetadata, metadataUrlsOf } from './issuer-metadata.ts';

const servers: ReturnType<typeof serve>[] = [];

/** A real HTTP server answering the metadata paths as `documents` says (path → JSON). */
async function issuerServing(documents: (issuer: string) => Record<string, unknown>): Promise<string> {
  const app = new Hono();
  let issuer = '';
  app.get('*', (context) => {
    const document = documents(issuer)[context.req.path];
    return document === undefined ? context.json({ error: 'not found' }, 404) : context.json(document);
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  servers.push(server);
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return issuer;
}

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('metadataUrlsOf', () => {
  it('inserts the RFC 8414 well-known path before the issuer path, and appends the OpenID one', () => {
    expect(metadataUrlsOf('https://auth.example.com/tenant/')).toEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server/tenant',
      'https://auth.example.com/tenant/.well-known/openid-configuration',
    ]);
    expect(metadataUrlsOf('https://auth.example.com')).toEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server',
      'https://auth.example.com/.well-known/openid-configuration',
    ]);
  });
});

describe('discoverIssuerMetadata', () => {
  it('prefers the OAuth metadata and falls back to the OpenID configuration', async () => {
    const oauthIssuer = await issuerServing((issuer) => ({
      '/.well-known/oauth-authorization-server': { issuer, jwks_uri: `${issuer}/oauth-keys` },
      '/.well-known/openid-configuration': { issuer, jwks_uri: `${issuer}/oidc-keys` },
    }));
    expect((await discoverIssuerMetadata(oauthIssuer)).jwksUri).toBe(`${oauthIssuer}/oauth-keys`);
    const oidcIssuer = await issuerServing((issuer) => ({
      '/.well-known/openid-configuration': { issuer, jwks_uri: `${issuer}/oidc-keys` },
    }));
    expect(await discoverIssuerMetadata(oidcIssuer)).toEqual({
      issuer: oidcIssuer,
      jwksUri: `${oidcIssuer}/oidc-keys`,
      metadataUrl: `${oidcIssuer}/.well-known/openid-configuration`,
    });
  });

  it('refuses a document that declares another issuer, or has no jwks_uri, saying what each URL answered', async () => {
    const issuer = await issuerServing(() => ({
      '/.well-known/oauth-authorization-server': {
        issuer: 'https://evil.example.com',
        jwks_uri: 'https://evil.example.com/keys',
      },
      '/.well-known/openid-configuration': { issuer: 'x' },
    }));
    await expect(discoverIssuerMetadata(issuer)).rejects.toThrow(
      /oauth-authorization-server: declares issuer "https:\/\/evil.example.com", not "http:\/\/127.0.0.1:\d+"; .*openid-configuration: declares issuer "x"/,
    );
    const keyless = await issuerServing((self) => ({
      '/.well-known/openid-configuration': { issuer: self },
    }));
    await expect(discoverIssuerMetadata(keyless)).rejects.toThrow(
      /HTTP 404; .*openid-configuration: has no jwks_uri/,
    );
  });
});
