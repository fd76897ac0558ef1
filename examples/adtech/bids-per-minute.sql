-- Bids and the highest bid price per campaign per minute, over the platform's event stream.
-- Locally: SDP_JOBS=./examples/adtech/bids-per-minute.sql npm start; on AWS: StreamAggregation
-- with HandlerCode.fromSqlFile (examples/cdk-app deploys it as the job `bids-per-minute`).
SELECT campaign_item_id, window_start, COUNT(*) AS bids, MAX(win_price) AS top_price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, campaign_item_id
