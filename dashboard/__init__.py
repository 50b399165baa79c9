"""dexstat dashboard: reads the published warehouse only; never imports etl."""
