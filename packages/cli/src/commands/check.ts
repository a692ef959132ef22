import { readFile } from 'node:fs/promises'
import {
  checkConfigFiles,
  ConfigError,
  countRules,
  globFiles,
  loadConfigFile,
  type Config,
} from '@watchfire/server'
import { defineCommand, type CommandIO } from './command.js'
import { runCheckRules } from './check-rules.js'
import { runCheckWebConfig } from './check-web-config.js'

async function checkRuleFiles(config: Config, io: CommandIO): Promise<string[]> {
  const files: string[] = []
  for (const pattern of config.ruleFiles) {
    const matches = await globFiles(pattern)
    if (matches.length === 0 && pattern !== '' && !pattern.includes('*'))
      throw new ConfigError(`${JSON.stringify(pattern)} does not point to an existing file`)
    files.push(...matches)
  }
  if (files.length > 0) io.stdout.write(`  SUCCESS: ${files.length} rule files found\n`)
  return files
}

async function warnMissingSdFiles(config: Config, io: CommandIO): Promise<void> {
  for (const sc of config.scrapeConfigs) {
    for (const sd of sc.fileSdConfigs) {
      for (const pattern of sd.files) {
        if ((await globFiles(pattern)).length === 0)
          io.stdout.write(
            `  WARNING: file ${JSON.stringify(pattern)} for file_sd in scrape job ${JSON.stringify(sc.jobName)} does not exist\n`,
          )
      }
    }
  }
}

/** Checks one configuration file with promtool's output; resolves with the rule files it names, or undefined on failure. */
async function checkOne(file: string, syntaxOnly: boolean, io: CommandIO): Promise<string[] | undefined> {
  io.stdout.write(`Checking ${file}\n`)
  let config: Config
  try {
    config = await loadConfigFile(file)
  } catch (err) {
    if (!(err instanceof ConfigError) && (err as NodeJS.ErrnoException).code === undefined) throw err
    io.stderr.write(`  FAILED: parsing YAML file ${file}: ${(err as Error).message}\n`)
    io.stdout.write('\n')
    return undefined
  }
  let ruleFiles: string[] = []
  try {
    ruleFiles = await checkRuleFiles(config, io)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    io.stderr.write(`  FAILED: ${err.message}\n`)
    io.stdout.write('\n')
    return undefined
  }
  if (!syntaxOnly) {
    const problem = await checkConfigFiles(config)
    if (problem !== undefined) {
      io.stderr.write(`  FAILED: ${problem}\n`)
      io.stdout.write('\n')
      return undefined
    }
    await warnMissingSdFiles(config, io)
  }
  io.stdout.write(` SUCCESS: ${file} is valid prometheus config file syntax\n\n`)
  return ruleFiles
}

/** `watchfire check config <file>…`: promtool's `check config`, same wording and exit codes. */
export default defineCommand({
  summary:
    'Check configuration, rule or web config files (check config|rules|web-config <file>…), as promtool does.',
  flags: {
    'syntax-only': { type: 'bool', help: 'Only check the syntax, ignoring file and content validation.' },
    lint: { type: 'string', help: 'check rules: lint checks to apply (all, duplicate-rules, none).' },
    'lint-fatal': { type: 'bool', help: 'check rules: make lint errors exit with exit code 3.' },
  },
  async run(flags, io) {
    const [what, ...files] = flags._
    if (what === 'rules')
      return runCheckRules(
        files,
        { lint: flags.lint ?? 'duplicate-rules', lintFatal: flags['lint-fatal'] },
        io,
      )
    if (what === 'web-config') return runCheckWebConfig(files, io)
    if (what !== 'config') {
      io.stderr.write(
        `watchfire check: error: expected "config", "rules" or "web-config", got ${JSON.stringify(what ?? '')}, try --help\n`,
      )
      return 2
    }
    if (files.length === 0) {
      io.stderr.write("watchfire check: error: required argument 'config-files' not provided, try --help\n")
      return 1
    }
    let failed = false
    for (const file of files) {
      const ruleFiles = await checkOne(file, flags['syntax-only'], io)
      if (ruleFiles === undefined) {
        failed = true
        continue
      }
      for (const ruleFile of ruleFiles) {
        io.stdout.write(`Checking ${ruleFile}\n`)
        try {
          io.stdout.write(`  SUCCESS: ${countRules(await readFile(ruleFile, 'utf8'))} rules found\n\n`)
        } catch (err) {
          io.stderr.write(`  FAILED:\n${ruleFile}: ${(err as Error).message}\n`)
          io.stdout.write('\n')
          failed = true
        }
      }
    }
    return failed ? 1 : 0
  },
})
