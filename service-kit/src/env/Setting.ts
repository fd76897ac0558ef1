/** The result of reading one variable: its value, or what was wrong with it. */
export type SettingResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string }

/**
 * How one environment variable is read: its name and a parser of its raw text (`undefined` when
 * unset). Built by the functions of `settings.ts`; read together by `readEnv`.
 */
export interface Setting<T> {
  readonly variable: string
  read(raw: string | undefined): SettingResult<T>
}

/** The value type a {@link Setting} yields. */
export type SettingValue<S> = S extends Setting<infer T> ? T : never
