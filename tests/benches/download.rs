//! Peak memory of a large binary download through a generated client: streamed chunk by
//! chunk (`ByteStream`, what a binary response is) against read whole into memory
//! (`ByteStream::collect`), over loopback.
//!
//! ```sh
//! cargo bench -p codegen-tests --bench download                 # 200 MB, 3 rounds
//! cargo bench -p codegen-tests --bench download -- --mb 50 --rounds 1
//! ```
//!
//! Each measurement is a child process of this binary (so its peak RSS, `VmHWM` from
//! `/proc/self/status`, is that one download's), and the two sides alternate within each
//! round, as the machine is noisy. The server is in the child too: it writes one 64 KiB
//! buffer over and over, so it adds a flat amount to both sides.

use std::process::Command;
use std::time::{Duration, Instant};

use codegen_tests::statuses::Client;
use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CHUNK: usize = 64 * 1024;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1));
    let mb: usize = value("--mb").map_or(200, |v| v.parse().expect("--mb N"));
    if let Some(mode) = value("--child") {
        child(mode, mb * 1_000_000);
        return;
    }
    let rounds: usize = value("--rounds").map_or(3, |v| v.parse().expect("--rounds N"));
    let exe = std::env::current_exe().expect("this binary");
    let mut results: Vec<(&str, u64, Duration)> = Vec::new();
    for round in 0..rounds {
        let order = if round % 2 == 0 {
            ["stream", "buffer"]
        } else {
            ["buffer", "stream"]
        };
        for mode in order {
            let output = Command::new(&exe)
                .args(["--child", mode, "--mb", &mb.to_string()])
                .output()
                .expect("the child runs");
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            let text = String::from_utf8_lossy(&output.stdout);
            let field = |key: &str| -> u64 {
                text.split_whitespace()
                    .find_map(|w| w.strip_prefix(key))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| panic!("no {key} in {text}"))
            };
            results.push((mode, field("peak_rss_kib="), Duration::from_millis(field("wall_ms="))));
        }
    }
    println!("{mb} MB download over loopback, {rounds} round(s), sides alternating");
    println!("{:<8} {:>16} {:>12}", "side", "peak RSS (MiB)", "wall (ms)");
    for mode in ["stream", "buffer"] {
        let mut rss: Vec<u64> = results.iter().filter(|r| r.0 == mode).map(|r| r.1).collect();
        let mut wall: Vec<Duration> = results.iter().filter(|r| r.0 == mode).map(|r| r.2).collect();
        rss.sort_unstable();
        wall.sort_unstable();
        println!(
            "{mode:<8} {:>16.1} {:>12}",
            rss[rss.len() / 2] as f64 / 1024.0,
            wall[wall.len() / 2].as_millis()
        );
    }
}

/// One download, then its figures on stdout.
fn child(mode: &str, size: usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let started = Instant::now();
    let read = runtime.block_on(async {
        let address = serve(size).await;
        let client = Client::new().with_base_url(address).with_oauth("t");
        let mut photo = client.get_photo(1).await.expect("the download starts");
        match mode {
            "stream" => {
                let mut read = 0;
                while let Some(chunk) = photo.next().await {
                    read += chunk.expect("a chunk").len();
                }
                read
            }
            _ => photo.collect(usize::MAX).await.expect("the whole body").len(),
        }
    });
    assert_eq!(read, size);
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux");
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmHWM");
    println!("peak_rss_kib={peak} wall_ms={}", started.elapsed().as_millis());
}

/// A loopback server for one request: `size` bytes of octet-stream, written from one
/// buffer. Stops after that request, or after a minute.
async fn serve(size: usize) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        let answer = async {
            let (mut socket, _) = listener.accept().await.expect("a connection");
            let mut request = Vec::new();
            let mut buffer = [0u8; 1024];
            while !request.ends_with(b"\r\n\r\n") {
                let n = socket.read(&mut buffer).await.expect("the request");
                if n == 0 {
                    return;
                }
                request.extend_from_slice(&buffer[..n]);
            }
            let head =
                format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {size}\r\n\r\n");
            socket.write_all(head.as_bytes()).await.expect("the head");
            let chunk = vec![7u8; CHUNK];
            let mut left = size;
            while left > 0 {
                let n = left.min(CHUNK);
                socket.write_all(&chunk[..n]).await.expect("the body");
                left -= n;
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(60), answer).await;
    });
    address
}
