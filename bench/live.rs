//! Live editing under load: `cargo bench --bench live` (not a test: it prints figures).
//!
//! Starts the `coopwiki` binary (`--binary`, default `target/release/coopwiki`) on its own
//! private PostgreSQL cluster in `/dev/shm`, with anonymous editing, then:
//!
//! 1. **Latency**: `--typists` clients (30) in one room each type `--rate` characters a
//!    second (5) for `--seconds` (20), each keystroke one y-sync update; every other client
//!    notes when it receives each keystroke. Prints the median, 95th percentile and maximum
//!    time from a keystroke sent to it received, over loopback.
//! 2. **Memory**: `--rooms` rooms (200) of three clients each, every client having typed a
//!    line; prints the server process's resident memory before and after (VmRSS).
//! 3. **Save**: the time of "save a version now" of a live document against a plain save of the
//!    same text, each `--saves` times (20), median.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops on what it did not expect"
)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use yrs::encoding::read::Cursor;
use yrs::sync::protocol::MessageReader;
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{Doc, ReadTxn, Text, Transact, Update};

#[derive(Parser)]
#[command(about = "Measure coopwiki's live editing: latency, memory, save")]
struct Args {
    #[arg(long, default_value = "target/release/coopwiki")]
    binary: PathBuf,
    #[arg(long, default_value_t = 30)]
    typists: usize,
    #[arg(long, default_value_t = 5.0)]
    rate: f64,
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    #[arg(long, default_value_t = 200)]
    rooms: usize,
    #[arg(long, default_value_t = 20)]
    saves: usize,
    /// Passed by `cargo bench`.
    #[arg(long, hide = true)]
    bench: bool,
}

struct Server {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(self.child.id() as i32),
            nix::sys::signal::Signal::SIGTERM,
        );
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start(binary: &PathBuf) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = PathBuf::from(format!(
        "/dev/shm/coopwiki-live-bench-{}",
        std::process::id()
    ));
    let child = Command::new(binary)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--data-dir", dir.to_str().unwrap()])
        .args([
            "--anonymous-editing",
            "--trust-proxy",
            "--no-starter-catalogue",
        ])
        .args(["--live-quiet-seconds", "3600", "--db-pool-size", "32"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start coopwiki");
    let server = Server { child, port, dir };
    for _ in 0..600 {
        if http(
            port,
            "GET /-/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .0 == 200
        {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("coopwiki did not start");
}

/// One HTTP/1.1 exchange: status, head, body.
fn http(port: u16, request: &str) -> (u16, String, String) {
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new(), String::new());
    };
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    (status, head.to_owned(), body.to_owned())
}

/// The CSRF token and cookies of a visitor from `address`, read from `path`.
fn visit(port: u16, path: &str, address: &str) -> (String, String) {
    let (_, head, body) = http(
        port,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Forwarded-For: {address}\r\nConnection: close\r\n\r\n"
        ),
    );
    let marker = if body.contains("data-csrf=\"") {
        "data-csrf=\""
    } else {
        "name=\"csrf\" value=\""
    };
    let start = body.find(marker).expect("a CSRF token") + marker.len();
    let csrf = body[start..].split('"').next().unwrap().to_owned();
    let cookies: Vec<String> = head
        .lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .map(|c| c.split(';').next().unwrap().to_owned())
        .collect();
    (csrf, cookies.join("; "))
}

fn post(port: u16, path: &str, address: &str, form: &str) -> Duration {
    let (csrf, cookies) = visit(port, "/HomePage/edit", address);
    let body = format!("csrf={csrf}&{form}");
    let started = Instant::now();
    let (status, head, _) = http(
        port,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nX-Forwarded-For: {address}\r\nCookie: {cookies}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert_eq!(status, 303, "{path}: {head}");
    started.elapsed()
}

fn create_page(port: u16, name: &str) {
    post(
        port,
        &format!("/{name}/edit"),
        "192.0.2.250",
        "body=Notes%0A&base=0&action=save",
    );
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(port: u16, page: &str, address: &str) -> Socket {
    let (csrf, cookies) = visit(port, &format!("/{page}/live"), address);
    let mut request = format!("ws://127.0.0.1:{port}/{page}/live/ws?csrf={csrf}")
        .into_client_request()
        .unwrap();
    let headers = request.headers_mut();
    headers.insert(
        "Origin",
        format!("http://127.0.0.1:{port}").parse().unwrap(),
    );
    headers.insert("X-Forwarded-For", address.parse().unwrap());
    headers.insert("Cookie", cookies.parse().unwrap());
    let (socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    socket
}

/// Applies what the server sends and answers its sync step 1; returns the replies, and the
/// updates received as they came (the server relays each update's bytes as it received them).
fn receive(doc: &Doc, bytes: &[u8]) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let (mut replies, mut updates) = (Vec::new(), Vec::new());
    let mut decoder = DecoderV1::new(Cursor::new(bytes));
    let messages: Vec<Message> = MessageReader::new(&mut decoder).flatten().collect();
    for message in messages {
        match message {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                let update = doc.transact().encode_state_as_update_v1(&sv);
                replies.push(Message::Sync(SyncMessage::SyncStep2(update)).encode_v1());
            }
            Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                if let Ok(decoded) = Update::decode_v1(&update) {
                    let _ = doc.transact_mut().apply_update(decoded);
                }
                updates.push(update);
            }
            _ => {}
        }
    }
    (replies, updates)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// When each keystroke (its update's bytes) was sent.
type Sent = Arc<Mutex<HashMap<Vec<u8>, Instant>>>;

async fn latency(port: u16, typists: usize, rate: f64, seconds: u64) {
    create_page(port, "Cafe");
    let sent: Sent = Arc::default();
    let latencies = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let mut sockets = Vec::new();
    for client in 0..typists {
        sockets.push(connect(port, "Cafe", &format!("10.1.0.{}", client + 1)).await);
    }
    let mut tasks = Vec::new();
    for socket in sockets {
        let (sent, latencies) = (sent.clone(), latencies.clone());
        tasks.push(tokio::spawn(async move {
            let (mut sink, mut stream) = socket.split();
            let doc = Doc::new();
            let text = doc.get_or_insert_text("markdown");
            let step1 = Message::Sync(SyncMessage::SyncStep1(doc.transact().state_vector()));
            sink.send(Ws::Binary(step1.encode_v1().into()))
                .await
                .unwrap();
            let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
            let end = Instant::now() + Duration::from_secs(seconds);
            // Until the room's text came, nothing is typed (it would go before it).
            let mut synced = false;
            loop {
                tokio::select! {
                    _ = tick.tick(), if synced => {
                        if Instant::now() > end { break; }
                        let update = {
                            let mut txn = doc.transact_mut();
                            let len = text.len(&txn);
                            text.insert(&mut txn, len, "x");
                            txn.encode_update_v1()
                        };
                        sent.lock().unwrap().insert(update.clone(), Instant::now());
                        let message = Message::Sync(SyncMessage::Update(update)).encode_v1();
                        if sink.send(Ws::Binary(message.into())).await.is_err() { break; }
                    }
                    message = stream.next() => {
                        let bytes = match message {
                            Some(Ok(Ws::Binary(bytes))) => bytes,
                            Some(Ok(_)) => continue,
                            _ => break,
                        };
                        let (replies, updates) = receive(&doc, &bytes);
                        let now = Instant::now();
                        if !updates.is_empty() { synced = true; }
                        for update in updates {
                            if let Some(at) = sent.lock().unwrap().get(&update) {
                                latencies.lock().unwrap().push(now - *at);
                            }
                        }
                        for reply in replies {
                            let _ = sink.send(Ws::Binary(reply.into())).await;
                        }
                        if Instant::now() > end + Duration::from_secs(2) { break; }
                    }
                }
            }
            let _ = sink.close().await;
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let mut all = latencies.lock().unwrap().clone();
    all.sort();
    println!(
        "latency, {typists} clients typing {rate} characters/s for {seconds} s in one room: \
         {} deliveries, median {:?}, p95 {:?}, max {:?}",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        all.last().copied().unwrap_or_default()
    );
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

async fn memory(server: &Server, rooms: usize) {
    for room in 0..rooms {
        create_page(server.port, &format!("Room{room}"));
    }
    let before = rss_kib(server.child.id());
    let mut sockets = Vec::new();
    for room in 0..rooms {
        for person in 0..3 {
            let address = format!("10.2.{}.{}", room % 250, person + 1);
            let mut socket = connect(server.port, &format!("Room{room}"), &address).await;
            let doc = Doc::new();
            let text = doc.get_or_insert_text("markdown");
            let update = {
                let mut txn = doc.transact_mut();
                text.insert(&mut txn, 0, "a line typed in the workshop\n");
                txn.encode_update_v1()
            };
            socket
                .send(Ws::Binary(
                    Message::Sync(SyncMessage::Update(update))
                        .encode_v1()
                        .into(),
                ))
                .await
                .unwrap();
            sockets.push(socket);
        }
    }
    // Let the server take every update, keeping the sockets read.
    let settle = Instant::now() + Duration::from_secs(5);
    while Instant::now() < settle {
        for socket in &mut sockets {
            while let Ok(Some(_)) =
                tokio::time::timeout(Duration::from_millis(1), socket.next()).await
            {}
        }
    }
    let after = rss_kib(server.child.id());
    println!(
        "memory, {rooms} rooms of 3 clients: server resident {} MiB before, {} MiB with them (+{} MiB)",
        before / 1024,
        after / 1024,
        after.saturating_sub(before) / 1024
    );
    for mut socket in sockets {
        let _ = socket.close(None).await;
    }
}

async fn saves(port: u16, count: usize) {
    create_page(port, "Saved");
    let mut live = Vec::new();
    let mut plain = Vec::new();
    for round in 0..count {
        let mut socket = connect(port, "Saved", "10.3.0.1").await;
        let doc = Doc::new();
        let text = doc.get_or_insert_text("markdown");
        let step1 = Message::Sync(SyncMessage::SyncStep1(doc.transact().state_vector()));
        socket
            .send(Ws::Binary(step1.encode_v1().into()))
            .await
            .unwrap();
        // Synced: the server's sync step 2 received.
        while let Ok(Some(Ok(Ws::Binary(bytes)))) =
            tokio::time::timeout(Duration::from_millis(300), socket.next()).await
        {
            for reply in receive(&doc, &bytes).0 {
                socket.send(Ws::Binary(reply.into())).await.unwrap();
            }
        }
        let update = {
            let mut txn = doc.transact_mut();
            text.insert(&mut txn, 0, &format!("live line {round}\n"));
            txn.encode_update_v1()
        };
        socket
            .send(Ws::Binary(
                Message::Sync(SyncMessage::Update(update))
                    .encode_v1()
                    .into(),
            ))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        live.push(post(port, "/Saved/live/save", "10.3.0.1", "summary=now"));
        let _ = socket.close(None).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        plain.push(post(
            port,
            &format!("/Plain{round}/edit"),
            "10.3.0.2",
            &format!("body=plain+line+{round}%0A&base=0&action=save"),
        ));
    }
    live.sort();
    plain.sort();
    println!(
        "save, median of {count}: save a version now {:?}, plain save of a new page {:?}",
        percentile(&live, 0.5),
        percentile(&plain, 0.5)
    );
}

fn main() {
    let args = Args::parse();
    let server = start(&args.binary);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        latency(server.port, args.typists, args.rate, args.seconds).await;
        memory(&server, args.rooms).await;
        saves(server.port, args.saves).await;
    });
}
