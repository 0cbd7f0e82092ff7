//! CLI tests: run the built `rapport` binary in a temporary folder and check
//! exit codes, JSON on stdout and messages on stderr.

mod util;

mod analyzer;
mod cohort;
mod contract;
mod import;
mod jobs;
mod ladder;
mod learn;
mod link;
mod migrate;
mod moments;
mod outbox;
mod people;
mod privacy;
mod pull;
mod report;
mod tasks;
