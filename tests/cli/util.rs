//! A temporary folder with a database, and a way to run `rapport` in it.
//!
//! The database is the folder's SQLite file, or, in the PostgreSQL
//! variant of a test written with `rapport_store::both!`, a fresh
//! database on the test server that lives as long as the `Dir`.

use rapport_store::testing::{current, Backend, TestDb};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Dir {
    tmp: tempfile::TempDir,
    /// The database, when not the folder's SQLite file.
    url: Option<String>,
    /// The PostgreSQL database `url` names, dropped with the `Dir`.
    _pg: Option<TestDb>,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Parses stdout as JSON, failing the test with both streams if it is not.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

impl Dir {
    /// A folder with a fresh database on the store the test runs on
    /// (`rapport_store::testing::current`; SQLite outside `both!`).
    pub fn new() -> Dir {
        let tmp = tempfile::tempdir().expect("tempdir");
        match current() {
            Some(Backend::Postgres) => {
                let db = TestDb::new(Backend::Postgres);
                Dir {
                    tmp,
                    url: Some(db.url().to_string()),
                    _pg: Some(db),
                }
            }
            Some(Backend::Sqlite) | None => Dir {
                tmp,
                url: None,
                _pg: None,
            },
        }
    }

    /// A folder whose commands use the database at `url`.
    pub fn on(url: &str) -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("tempdir"),
            url: Some(url.to_string()),
            _pg: None,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write fixture");
        p
    }

    pub fn db(&self) -> String {
        match &self.url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.path("rapport.db").display()),
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
        cmd.current_dir(self.tmp.path())
            .env("RAPPORT_DB", self.db())
            .env_remove("RAPPORT_LOG")
            .env_remove("RAPPORT_LOG_FORMAT")
            .args(args);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, None)
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Run {
        let mut cmd = self.command(args);
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn rapport");
        if let Some(input) = stdin {
            use std::io::Write;
            let mut pipe = child.stdin.take().expect("stdin");
            // A command that exits before reading leaves a broken pipe;
            // its exit code and output are what the test checks.
            if let Err(e) = pipe.write_all(input.as_bytes()) {
                assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
            }
        }
        let out: Output = child.wait_with_output().expect("wait");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Generates a shop into `name` and returns its path.
    pub fn generate(&self, name: &str, people: usize, interactions: usize, seed: u64) -> PathBuf {
        let out = self.path(name);
        let r = self.run(&[
            "generate",
            "--people",
            &people.to_string(),
            "--interactions",
            &interactions.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
            out.to_str().expect("utf-8 path"),
        ]);
        assert_eq!(r.code, 0, "generate failed: {}", r.stderr);
        out
    }
}

pub fn as_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}
