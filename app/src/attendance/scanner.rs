//! Reading a confirmation's QR code with the phone's camera on the check-in page.
//!
//! The browser's own `BarcodeDetector` reads the frames where it exists (Chrome on
//! Android); elsewhere (Firefox, Safari, desktop Chrome on Linux) each frame is drawn
//! on a canvas and read by `rqrr`, a QR decoder in Rust compiled into the bundle. The
//! button appears only after hydration and only when the browser offers a camera:
//! typing the code always works.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The text of the first QR code found in a grey image (one byte per pixel, rows of
/// `width` pixels).
#[cfg(any(feature = "hydrate", test))]
pub fn decode_luma(width: usize, height: usize, pixels: &[u8]) -> Option<String> {
    if width == 0 || height == 0 || pixels.len() < width * height {
        return None;
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, content)| content))
}

/// The "scan" button, the camera's picture while scanning, and `on_code` called with
/// each code read (the camera stops after a read; press again for the next person).
#[component]
pub fn CameraScanner(on_code: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let available = RwSignal::new(false);
    let scanning = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let video = NodeRef::<html::Video>::new();
    let canvas = NodeRef::<html::Canvas>::new();
    Effect::new(move |_| available.set(camera::available()));
    let start = move |_| {
        if scanning.get_untracked() {
            scanning.set(false);
            return;
        }
        let (Some(video), Some(canvas)) = (video.get_untracked(), canvas.get_untracked()) else {
            return;
        };
        failed.set(false);
        scanning.set(true);
        camera::scan(video, canvas, scanning, failed, on_code);
    };
    view! {
        <div class="scanner" class:hidden=move || !available.get()>
            <button type="button" class="button" id="scan-button" on:click=start>
                {move || if scanning.get() { i18n.t("check-in-camera-stop") } else { i18n.t("check-in-camera") }}
            </button>
            <video node_ref=video class="scanner__video" class:hidden=move || !scanning.get()
                playsinline=true muted=true aria-label=i18n.t("check-in-camera")></video>
            <canvas node_ref=canvas class="hidden"></canvas>
            {move || failed.get().then(|| view! { <p class="alert alert--error" role="alert">{i18n.t("check-in-camera-failed")}</p> })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod camera {
    use js_sys::{Array, Function, Object, Promise, Reflect};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream,
        MediaStreamConstraints, MediaStreamTrack,
    };

    /// Whether the browser can open a camera (a secure context with mediaDevices).
    pub fn available() -> bool {
        web_sys::window()
            .and_then(|w| Reflect::get(&w.navigator(), &"mediaDevices".into()).ok())
            .is_some_and(|devices| !devices.is_undefined())
    }

    pub fn scan(
        video: HtmlVideoElement,
        canvas: HtmlCanvasElement,
        scanning: RwSignal<bool>,
        failed: RwSignal<bool>,
        on_code: Callback<String>,
    ) {
        leptos::task::spawn_local(async move {
            let stream = match open(&video).await {
                Ok(stream) => stream,
                Err(_) => {
                    failed.set(true);
                    scanning.set(false);
                    return;
                }
            };
            let detector = native_detector();
            while scanning.get_untracked() {
                let found = match &detector {
                    Some(detector) => detect_native(detector, &video).await,
                    None => frame(&video, &canvas)
                        .and_then(|(w, h, luma)| super::decode_luma(w, h, &luma)),
                };
                if let Some(code) = found {
                    scanning.set(false);
                    on_code.run(code);
                    break;
                }
                sleep(200).await;
            }
            for track in stream.get_tracks().iter() {
                if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                    track.stop();
                }
            }
            video.set_src_object(None);
        });
    }

    /// The back camera, playing into `video`.
    async fn open(video: &HtmlVideoElement) -> Result<MediaStream, JsValue> {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let devices = window.navigator().media_devices()?;
        let constraints = MediaStreamConstraints::new();
        let wanted = Object::new();
        Reflect::set(&wanted, &"facingMode".into(), &"environment".into())?;
        constraints.set_video(&wanted);
        let stream: MediaStream =
            JsFuture::from(devices.get_user_media_with_constraints(&constraints)?)
                .await?
                .dyn_into()?;
        video.set_src_object(Some(&stream));
        JsFuture::from(video.play()?).await?;
        Ok(stream)
    }

    /// `new BarcodeDetector({formats: ["qr_code"]})` where the browser has one.
    fn native_detector() -> Option<JsValue> {
        let window = web_sys::window()?;
        let constructor = Reflect::get(&window, &"BarcodeDetector".into()).ok()?;
        let constructor: Function = constructor.dyn_into().ok()?;
        let options = Object::new();
        Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into())).ok()?;
        Reflect::construct(&constructor, &Array::of1(&options)).ok()
    }

    async fn detect_native(detector: &JsValue, video: &HtmlVideoElement) -> Option<String> {
        let detect: Function = Reflect::get(detector, &"detect".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let promise: Promise = detect.call1(detector, video).ok()?.dyn_into().ok()?;
        let found: Array = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
        found
            .iter()
            .find_map(|code| Reflect::get(&code, &"rawValue".into()).ok()?.as_string())
    }

    /// The current frame in grey, at most 640 pixels wide.
    fn frame(
        video: &HtmlVideoElement,
        canvas: &HtmlCanvasElement,
    ) -> Option<(usize, usize, Vec<u8>)> {
        let (width, height) = (video.video_width(), video.video_height());
        if width == 0 || height == 0 {
            return None;
        }
        let scale = (640.0 / f64::from(width)).min(1.0);
        let (w, h) = (
            (f64::from(width) * scale) as u32,
            (f64::from(height) * scale) as u32,
        );
        canvas.set_width(w);
        canvas.set_height(h);
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        context
            .draw_image_with_html_video_element_and_dw_and_dh(
                video,
                0.0,
                0.0,
                f64::from(w),
                f64::from(h),
            )
            .ok()?;
        let rgba = context
            .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
            .ok()?
            .data();
        let luma = rgba
            .chunks_exact(4)
            .map(|p| {
                ((u16::from(p[0]) * 77 + u16::from(p[1]) * 150 + u16::from(p[2]) * 29) >> 8) as u8
            })
            .collect();
        Some((w as usize, h as usize, luma))
    }

    async fn sleep(ms: i32) {
        let promise = Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        let _ = JsFuture::from(promise).await;
    }
}

/// Without a browser (the server's render) there is no camera.
#[cfg(not(feature = "hydrate"))]
mod camera {
    use leptos::prelude::*;

    pub fn available() -> bool {
        false
    }

    pub fn scan(
        _video: leptos::web_sys::HtmlVideoElement,
        _canvas: leptos::web_sys::HtmlCanvasElement,
        _scanning: RwSignal<bool>,
        _failed: RwSignal<bool>,
        _on_code: Callback<String>,
    ) {
    }
}

#[cfg(test)]
mod tests {
    use super::decode_luma;

    #[test]
    fn a_qr_code_in_a_frame_is_read() {
        let code = qrcode::QrCode::new(b"ABCDEFGHJK").expect("qr");
        let modules = code.width();
        let (scale, border) = (6, 24);
        let size = modules * scale + 2 * border;
        let colors = code.to_colors();
        let pixels: Vec<u8> = (0..size * size)
            .map(|i| {
                let (x, y) = (i % size, i / size);
                let inside = |v: usize| v >= border && v < border + modules * scale;
                if inside(x) && inside(y) {
                    let (mx, my) = ((x - border) / scale, (y - border) / scale);
                    if colors[my * modules + mx] == qrcode::Color::Dark {
                        0
                    } else {
                        255
                    }
                } else {
                    255
                }
            })
            .collect();
        assert_eq!(
            decode_luma(size, size, &pixels),
            Some("ABCDEFGHJK".to_owned())
        );
        assert_eq!(decode_luma(size, size, &vec![255; size * size]), None);
        assert_eq!(
            decode_luma(10, 10, &[0; 5]),
            None,
            "a short buffer is no image"
        );
    }
}
