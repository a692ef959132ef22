import { readFile, readdir } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { ConfigError } from '../errors.js'
import { parseConfig, type AlertmanagerConfig } from './config.js'

/**
 * Reads and validates alertmanager.yml; relative template globs are resolved against the file's directory
 * as the original does.
 * @throws ConfigError
 */
export async function loadConfigFile(path: string): Promise<AlertmanagerConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${path} (${(cause as Error).message})`, { cause })
  }
  const config = parseConfig(text)
  const dir = dirname(path)
  config.templates = config.templates.map((t) => (t === '' || isAbsolute(t) ? t : join(dir, t)))
  return config
}

function globToRegex(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    if (c === '*') out += '[^/]*'
    else if (c === '?') out += '[^/]'
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1)
      if (close < 0) throw new ConfigError(`syntax error in pattern ${pattern}`)
      const body = pattern.slice(i + 1, close)
      out += `[${body.startsWith('^') ? '^' + body.slice(1) : body}]`
      i = close
    } else if (c === '\\') out += '\\' + (pattern[++i] ?? '\\')
    else out += c.replace(/[.+^${}()|\]\\]/g, '\\$&')
  }
  return new RegExp(`^${out}$`)
}

/**
 * Expands one template glob (wildcards in the file name only, like `templates/*.tmpl`) into sorted paths;
 * a glob that matches nothing yields nothing, as in the original.
 */
export async function expandGlob(pattern: string): Promise<string[]> {
  const dir = dirname(pattern)
  if (/[*?[]/.test(dir)) {
    throw new ConfigError(
      `cannot expand template glob ${pattern} (wildcards are supported in the file name only)`,
    )
  }
  const name = basename(pattern)
  if (!/[*?[]/.test(name)) return [pattern]
  const re = globToRegex(name)
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch {
    return []
  }
  return entries
    .filter((e) => re.test(e))
    .sort()
    .map((e) => join(dir, e))
}
