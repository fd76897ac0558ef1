// Athena has no local emulator: a scripted stand-in answers the three calls the runner makes.
import t from 'tap'
import type { GetQueryExecutionCommandOutput, GetQueryResultsCommandOutput, StartQueryExecutionCommandOutput } from '@aws-sdk/client-athena'
import { AthenaQueryError, AthenaQueryRunner } from '../../src/lake/index.js'

type Answer = Partial<StartQueryExecutionCommandOutput & GetQueryExecutionCommandOutput & GetQueryResultsCommandOutput>

/** Answers each command name from its queue of answers, and records the commands sent. */
function scriptedAthena(script: Record<string, Answer[]>) {
  const sent: { name: string; input: Record<string, unknown> }[] = []
  return {
    sent,
    athena: {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = command.constructor.name
        sent.push({ name, input: command.input })
        const answer = script[name]?.shift()
        if (answer === undefined) throw new Error(`unscripted ${name}`)
        return answer
      },
    },
  }
}

const state = (State: string, StateChangeReason?: string): Answer => ({ QueryExecution: { Status: { State, StateChangeReason } } }) as Answer

t.test('polls until the query succeeds and reads every page, dropping the header row of the first', async (t) => {
  const { athena, sent } = scriptedAthena({
    StartQueryExecutionCommand: [{ QueryExecutionId: 'q1' }],
    GetQueryExecutionCommand: [state('QUEUED'), state('RUNNING'), state('SUCCEEDED')],
    GetQueryResultsCommand: [
      {
        ResultSet: {
          ResultSetMetadata: {
            ColumnInfo: [
              { Name: 'campaign', Type: 'bigint' },
              { Name: 'bids', Type: 'bigint' },
            ],
          },
          Rows: [{ Data: [{ VarCharValue: 'campaign' }, { VarCharValue: 'bids' }] }, { Data: [{ VarCharValue: '1' }, { VarCharValue: '3' }] }],
        },
        NextToken: 'page2',
      },
      { ResultSet: { Rows: [{ Data: [{ VarCharValue: '2' }, {}] }] } },
    ],
  })
  const runner = new AthenaQueryRunner({ athena: athena as never, database: 'sdp_lake', outputLocation: 's3://results/', pollIntervalMs: 0 })
  const result = await runner.query('select campaign, bids from parquet_bcns')
  t.same(result, {
    columns: [
      { name: 'campaign', type: 'bigint' },
      { name: 'bids', type: 'bigint' },
    ],
    rows: [
      ['1', '3'],
      ['2', null],
    ],
  })
  t.same(sent[0]?.input, {
    QueryString: 'select campaign, bids from parquet_bcns',
    QueryExecutionContext: { Database: 'sdp_lake' },
    WorkGroup: 'primary',
    ResultConfiguration: { OutputLocation: 's3://results/' },
  })
  t.same(
    sent.map((c) => c.name),
    [
      'StartQueryExecutionCommand',
      'GetQueryExecutionCommand',
      'GetQueryExecutionCommand',
      'GetQueryExecutionCommand',
      'GetQueryResultsCommand',
      'GetQueryResultsCommand',
    ],
  )
  t.equal(sent.at(-1)?.input['NextToken'], 'page2')
})

t.test('a failed or cancelled query throws AthenaQueryError with Athena reason', async (t) => {
  for (const [answer, message] of [
    [state('FAILED', 'SYNTAX_ERROR: line 1:8'), 'SYNTAX_ERROR: line 1:8'],
    [state('CANCELLED'), 'query cancelled'],
  ] as const) {
    const { athena } = scriptedAthena({ StartQueryExecutionCommand: [{ QueryExecutionId: 'q2' }], GetQueryExecutionCommand: [answer] })
    const runner = new AthenaQueryRunner({ athena: athena as never, database: 'sdp_lake', pollIntervalMs: 0 })
    await t.rejects(runner.query('select'), new AthenaQueryError(message))
  }
})

t.test('no execution id, or a query that outlasts the timeout, is an AthenaQueryError', async (t) => {
  const none = scriptedAthena({ StartQueryExecutionCommand: [{}] })
  await t.rejects(new AthenaQueryRunner({ athena: none.athena as never, database: 'd' }).query('select 1'), AthenaQueryError)
  const slow = scriptedAthena({ StartQueryExecutionCommand: [{ QueryExecutionId: 'q3' }], GetQueryExecutionCommand: [state('RUNNING'), state('RUNNING')] })
  const runner = new AthenaQueryRunner({ athena: slow.athena as never, database: 'd', pollIntervalMs: 0, timeoutMs: -1 })
  await t.rejects(runner.query('select 1'), new AthenaQueryError('query q3 did not finish in time'))
})
