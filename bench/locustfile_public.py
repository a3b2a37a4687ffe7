"""One page, read by anonymous visitors as fast as they can: BENCH_PATH (bench/public.sh runs the login page,
the public national page and a region's public page one after another, with the same users and time)."""
import os

from locust import FastHttpUser, task


class Visitor(FastHttpUser):
    @task
    def read(self):
        with self.client.get(os.environ["BENCH_PATH"], name=os.environ["BENCH_PATH"], catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
