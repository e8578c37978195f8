//! `comptoir devices`: the input devices the register can see, `--listen` (the
//! installer's check: grab a reader, print each decoded scan as one JSON line) and the
//! hidden `--emulate` (a virtual reader through /dev/uinput, for the real-kernel test).
//!
//! Output contract: the listing and scans go to stdout (scans as JSON lines: `reader`,
//! `kind`, `code`, `valid`, `raw_keys`, plus `reason` when invalid); connection changes
//! and invalid reads go to stderr. Exit 0 when listing (even nothing, even without
//! /dev/input), 1 when a reader to listen to cannot be opened.

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use anyhow::{bail, Context};
use comptoir::config::{Config, Overrides};
use comptoir::input::emulate::{emulate, EmulateOptions};
use comptoir::input::listener::{open_reader, spawn_reader};
use comptoir::input::{
    list_devices, parse_nfc_reversed, AssemblerSettings, DeviceInfo, DeviceSelector, InputError,
    Layout, ReaderEvent, ReaderKind, ReaderSpec,
};

use super::{dataln, errln, outln, text_line};
use crate::cli::{Cli, DevicesArgs};

pub fn devices(args: &DevicesArgs, cli: &Cli) -> anyhow::Result<ExitCode> {
    if let Some(name) = &args.emulate {
        return emulate_reader(name, args);
    }
    if args.listen {
        return listen(args, cli);
    }
    list(args.json)
}

fn list(json: bool) -> anyhow::Result<ExitCode> {
    let devices = match list_devices() {
        Ok(d) => d,
        Err(InputError::NoInputDir(dir)) => {
            outln!(
                "no input devices: {} does not exist on this system (a container, a virtual \
                 machine without input devices, or a remote session).",
                dir.display()
            )?;
            outln!(
                "Scanners plugged into the terminal you type on still work through burst \
                 detection ([burst] in the config)."
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => return Err(e.into()),
    };
    if devices.is_empty() {
        outln!("no input devices in /dev/input.")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    match write_devices(&mut out, &devices, json) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => super::stdout_failed(e),
    }
}

/// The listing: one JSON line per device (data, as it is), or text whose every line
/// goes through [`text_line`] (a device name is whatever the device says it is).
fn write_devices(out: &mut dyn Write, devices: &[DeviceInfo], json: bool) -> std::io::Result<()> {
    for d in devices {
        if json {
            let mut v = serde_json::to_value(d).map_err(std::io::Error::from)?;
            if let Some(obj) = v.as_object_mut() {
                obj.insert("usb_id".into(), d.usb_id().into());
            }
            writeln!(out, "{v}")?;
        } else {
            write_device(out, d)?;
        }
    }
    if !json {
        text_line(out, "")?;
        text_line(
            out,
            "To use a reader, add a [[scanner]] block to the config with its by-id path, \
             vendor:product or name as `device`; check it with `comptoir devices --listen DEVICE`.",
        )?;
    }
    Ok(())
}

fn write_device(out: &mut dyn Write, d: &DeviceInfo) -> std::io::Result<()> {
    let scanner = match (&d.scanner_hint, d.keyboard) {
        (Some(why), _) => format!("looks like a scanner ({why})"),
        (None, true) => "a keyboard".to_string(),
        (None, false) => "not a keyboard".to_string(),
    };
    let head = format!(
        "{}  \"{}\"  {}  {scanner}",
        d.path.display(),
        d.name,
        d.usb_id()
    );
    text_line(out, &head)?;
    for link in &d.by_id {
        text_line(out, &format!("    by-id: {}", link.display()))?;
    }
    match &d.cannot_open {
        None => text_line(out, "    can be opened"),
        Some(why) => text_line(out, &format!("    cannot be opened: {why}")),
    }
}

/// The readers to listen to: DEVICE, else the configured ones; flags override.
fn listen_specs(args: &DevicesArgs, cli: &Cli) -> anyhow::Result<Vec<ReaderSpec>> {
    let layout: Option<Layout> = args.layout.as_deref().map(str::parse).transpose()?;
    let kind = args
        .kind
        .as_deref()
        .map(ReaderKind::parse)
        .transpose()
        .map_err(|m| anyhow::anyhow!("--kind: {m}"))?;
    let reversed = args
        .nfc_byte_order
        .as_deref()
        .map(parse_nfc_reversed)
        .transpose()
        .map_err(|m| anyhow::anyhow!("--nfc-byte-order: {m}"))?;
    let mut specs = match &args.device {
        Some(device) => {
            let selector = DeviceSelector::parse(device).context("the DEVICE is empty")?;
            vec![ReaderSpec {
                name: device.clone(),
                selector,
                settings: AssemblerSettings::default(),
            }]
        }
        None => {
            let config = Config::load(&Overrides {
                config: cli.config.clone(),
                database: cli.db.clone(),
                env_lang: Some(comptoir::config::env_lang()),
            })?;
            if config.scanners.is_empty() {
                bail!(
                    "no reader configured ([[scanner]] in the config) and no DEVICE given; \
                     `comptoir devices` lists the devices"
                );
            }
            config.scanners
        }
    };
    for spec in &mut specs {
        if let Some(l) = layout {
            spec.settings.layout = l;
        }
        if let Some(k) = kind {
            spec.settings.kind = k;
        }
        if let Some(r) = reversed {
            spec.settings.nfc_reversed = r;
        }
    }
    Ok(specs)
}

fn listen(args: &DevicesArgs, cli: &Cli) -> anyhow::Result<ExitCode> {
    let specs = listen_specs(args, cli)?;
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel::<ReaderEvent>();
    let mut handles = Vec::new();
    // Each reader starts reading as soon as it is grabbed; one that cannot be opened
    // stops the others and the command.
    for spec in specs {
        let opened =
            open_reader(&spec).with_context(|| format!("cannot listen to reader {}", spec.name));
        match opened {
            Ok(reader) => handles.push(spawn_reader(
                spec,
                Some(reader),
                tx.clone(),
                Arc::clone(&stop),
            )?),
            Err(e) => {
                stop.store(true, Ordering::Relaxed);
                for h in handles {
                    let _ = h.join();
                }
                return Err(e);
            }
        }
    }
    drop(tx);
    let mut scans = 0usize;
    let mut out = std::io::stdout().lock();
    while args.count.is_none_or(|n| scans < n) {
        let Ok(event) = rx.recv() else { break };
        match event {
            ReaderEvent::Scan(scan) => {
                writeln!(out, "{}", serde_json::to_string(&scan)?)?;
                out.flush()?;
                scans += 1;
            }
            ReaderEvent::Connected { reader, device } => {
                errln!(
                    "comptoir: reader {reader}: listening on {} (grabbed)",
                    device.display()
                );
            }
            ReaderEvent::Disconnected { reader, reason } => {
                errln!("comptoir: reader {reader}: disconnected: {reason}; waiting for it");
            }
            ReaderEvent::Invalid { reader, reason } => {
                errln!("comptoir: reader {reader}: invalid read: {reason}");
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        let _ = h.join();
    }
    Ok(ExitCode::SUCCESS)
}

fn emulate_reader(name: &str, args: &DevicesArgs) -> anyhow::Result<ExitCode> {
    let Some(DeviceSelector::UsbId { vendor, product }) = DeviceSelector::parse(&args.id) else {
        bail!(
            "--id {}: expected vendor:product in hex (1209:0001)",
            args.id
        );
    };
    let opts = EmulateOptions {
        name: name.to_string(),
        vendor,
        product,
        layout: args.layout.as_deref().unwrap_or("us").parse()?,
        texts: args.type_text.clone(),
        key_delay: Duration::from_millis(args.key_delay_ms),
        wait_grab: Duration::from_millis(args.wait_grab_ms),
        hold: Duration::from_millis(args.hold_ms),
    };
    let report = emulate(&opts)?;
    dataln!("{}", serde_json::to_string(&report)?)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A device whose name (from the kernel, so from the device's own USB descriptor)
    /// carries a title sequence, a clear-screen sequence and a line break.
    #[test]
    fn the_listing_shows_a_hostile_device_name_neutralised() {
        let root = tempfile::tempdir().unwrap();
        let dev = root.path().join("dev");
        let sys = root.path().join("sys");
        std::fs::create_dir_all(&dev).unwrap();
        std::fs::write(dev.join("event0"), b"").unwrap();
        let base = sys.join("event0/device");
        std::fs::create_dir_all(base.join("id")).unwrap();
        std::fs::write(
            base.join("name"),
            "Scanner\u{1b}]0;pwned\u{7}\u{1b}[2J\n/dev/input/event9  \"fake\"",
        )
        .unwrap();
        std::fs::write(base.join("id/vendor"), "0c2e").unwrap();
        std::fs::write(base.join("id/product"), "0b61").unwrap();
        let devices = comptoir::input::devices::list_in(&dev, &sys).unwrap();
        assert_eq!(devices.len(), 1);

        let mut text = Vec::new();
        write_devices(&mut text, &devices, false).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(
            text.contains("Scanner?]0;pwned??[2J?/dev/input/event9"),
            "{text}"
        );
        assert!(
            !text.lines().any(|l| l.starts_with("/dev/input/event9")),
            "{text}"
        );

        let mut json = Vec::new();
        write_devices(&mut json, &devices, true).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert!(
            v["name"].as_str().unwrap().contains("\u{1b}]0;pwned"),
            "data unchanged"
        );
        assert!(!json.contains(&0x1b), "escaped by serde_json");
    }
}
