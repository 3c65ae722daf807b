import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikeGameScript } from '../../../extension/game-link/game-script';
import { portInputProblem } from '../../../extension/ports/port-input';

describe('the port input box', () => {
  it('answers what is not a port in plain words, not with the game\'s internal text', () => {
    for (const text of ['abc', '', '0', '-3', '1.5', '1e3', '9007199254740992']) assert.equal(portInputProblem(text), 'A port is a whole number from 1 to 9007199254740991.', JSON.stringify(text));
    for (const text of ['1', ' 42 ', '9007199254740991']) assert.equal(portInputProblem(text), undefined, JSON.stringify(text));
  });
});

describe('a script written for the game', () => {
  it('is told from other JavaScript by its main(ns) or its NS type', () => {
    assert.equal(looksLikeGameScript('/** @param {NS} ns */\nexport async function main(ns) {}'), true);
    assert.equal(looksLikeGameScript('export async function main(ns: NS): Promise<void> {}'), true);
    assert.equal(looksLikeGameScript('export const main = async (ns) => {}'), true);
    assert.equal(looksLikeGameScript("const http = require('node:http');\nfunction main() {}"), false);
  });
});
