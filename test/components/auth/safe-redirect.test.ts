import assert from 'node:assert/strict';
import { safeNextPath } from '../../../src/components/auth/safe-redirect';

describe('auth: safeNextPath', () => {
  it('when given a local path, then it is kept with its query and fragment', () => {
    assert.equal(safeNextPath('/events/1?x=2#top'), '/events/1?x=2#top');
    assert.equal(safeNextPath('/admin/users'), '/admin/users');
  });

  for (const hostile of [
    'https://evil.example',
    'http:evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '/%0d%0a',
    '/\r\nLocation: https://evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    'data:text/html,hi',
    'evil',
    '/sign-in?next=//evil.example',
    '/.//evil.example',
    '/..//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    '/%2E//evil.example',
    '/%2e%2e//evil.example',
    '/a/%2e%2e//evil.example',
    '/x/.%2e//evil.example',
    '/././/evil.example',
    '/.%2f/evil.example',
    '/%2f/evil.example',
    '/.///evil.example/x?y#z',
    undefined,
    42,
    ['/a'],
  ]) {
    it(`when given ${JSON.stringify(hostile)}, then it falls back to / or stays on this site`, () => {
      const result = safeNextPath(hostile);
      assert.ok(
        result.startsWith('/') && !result.startsWith('//') && !result.includes('\\'),
        result,
      );
      assert.equal(new URL(result, 'https://forumkit.test').origin, 'https://forumkit.test');
      assert.equal(new URL(result, 'https://evil.example').origin, 'https://evil.example');
    });
  }

  for (const dotted of [
    '/.//evil.example',
    '/..//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
  ]) {
    it(`when given ${dotted} with the app's own origin, then it is / (the browser would read //evil.example)`, () => {
      assert.equal(safeNextPath(dotted, 'https://forumkit.test'), '/');
      assert.equal(safeNextPath(dotted), '/');
    });
  }

  it('when a path has harmless dot segments, then it is resolved against the app origin and kept on it', () => {
    assert.equal(safeNextPath('/a/../events/1', 'https://forumkit.test/base'), '/events/1');
    assert.equal(safeNextPath('/./admin/users?x=1', 'https://forumkit.test'), '/admin/users?x=1');
  });
});
