import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** PEM files of one issued certificate. */
export interface IssuedCertificate {
  certFile: string
  keyFile: string
}

/** A throw-away certificate authority in a folder, made with Debian's `openssl`. */
export interface TestCa extends IssuedCertificate {
  dir: string
  /** Issues a P-256 certificate signed by this CA with the given SANs (`DNS:x`, `IP:y`, `URI:z`). */
  issue(name: string, sans: readonly string[], usage: 'serverAuth' | 'clientAuth'): IssuedCertificate
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
}

/** Creates a CA (valid one day) in `dir`; P-256 keys keep generation fast. */
export function createTestCa(dir: string, name = 'ca'): TestCa {
  const ca: IssuedCertificate = { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) }
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      ca.keyFile,
      '-out',
      ca.certFile,
      '-days',
      '1',
      '-subj',
      `/CN=watchfire test ${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  )
  return {
    ...ca,
    dir,
    issue(certName, sans, usage) {
      const out: IssuedCertificate = {
        certFile: join(dir, `${certName}.crt`),
        keyFile: join(dir, `${certName}.key`),
      }
      const csr = join(dir, `${certName}.csr`)
      const ext = join(dir, `${certName}.ext`)
      writeFileSync(
        ext,
        `subjectAltName=${sans.join(',')}\nextendedKeyUsage=${usage}\nkeyUsage=digitalSignature\n`,
      )
      openssl(
        [
          'req',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          out.keyFile,
          '-out',
          csr,
          '-subj',
          `/CN=${certName}`,
        ],
        dir,
      )
      openssl(
        [
          'x509',
          '-req',
          '-in',
          csr,
          '-CA',
          ca.certFile,
          '-CAkey',
          ca.keyFile,
          '-CAcreateserial',
          '-out',
          out.certFile,
          '-days',
          '1',
          '-extfile',
          ext,
        ],
        dir,
      )
      return out
    },
  }
}
