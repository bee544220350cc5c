"""The reference pipeline in PyTorch (Debian's python3-torch): WAV -> log-mel (torch.stft, Slaney mel bank,
10*log10) -> CNN14 (PANNs layout, random init, eval mode) on the same files and batch size as the TypeScript
pipeline. Prints one JSON line: clips/s of the whole pipeline and of the network alone."""
import json, sys, time, wave

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def slaney_mel(sr, n_fft, n_mels, fmin, fmax):
    def hz_to_mel(f):
        f = np.asanyarray(f, dtype=np.float64)
        lin = f / (200.0 / 3)
        return np.where(f >= 1000.0, 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27.0), lin)

    def mel_to_hz(m):
        m = np.asanyarray(m, dtype=np.float64)
        return np.where(m >= 15.0, 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0)), (200.0 / 3) * m)

    freqs = np.linspace(0, sr / 2, n_fft // 2 + 1)
    hz = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    fdiff = np.diff(hz)
    ramps = hz[:, None] - freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    w = np.maximum(0, np.minimum(lower, upper)) * (2.0 / (hz[2:] - hz[:-2]))[:, None]
    return torch.tensor(w, dtype=torch.float32)


class ConvBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn1, self.bn2 = nn.BatchNorm2d(cout), nn.BatchNorm2d(cout)

    def forward(self, x, pool):
        x = F.relu_(self.bn1(self.conv1(x)))
        x = F.relu_(self.bn2(self.conv2(x)))
        return F.avg_pool2d(x, kernel_size=pool)


class Cnn14(nn.Module):
    def __init__(self, mels=64, width=64):
        super().__init__()
        self.bn0 = nn.BatchNorm2d(mels)
        ch = [width * 2 ** i for i in range(6)]
        self.blocks = nn.ModuleList([ConvBlock(1 if i == 0 else ch[i - 1], c) for i, c in enumerate(ch)])
        self.fc1 = nn.Linear(ch[-1], ch[-1])

    def forward(self, logmel):  # [B, T, M]
        x = logmel.unsqueeze(1).transpose(1, 3)
        x = self.bn0(x).transpose(1, 3)
        for i, b in enumerate(self.blocks):
            x = b(x, (1, 1) if i == len(self.blocks) - 1 else (2, 2))
        x = torch.mean(x, dim=3)
        x = torch.max(x, dim=2)[0] + torch.mean(x, dim=2)
        return F.relu_(self.fc1(x))


def read_wav(path):
    with wave.open(path, 'rb') as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype='<i2').astype(np.float32) / 32768.0
        return data.reshape(-1, w.getnchannels()).mean(axis=1)


def main():
    batch, threads, files = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    torch.set_num_threads(threads)
    sr, n_fft, hop = 32000, 1024, 320
    mel = slaney_mel(sr, n_fft, 64, 50, 14000)
    window = torch.hann_window(n_fft, periodic=True)
    model = Cnn14().eval()

    def logmel(x):
        spec = torch.stft(torch.from_numpy(x), n_fft, hop, window=window, center=True, pad_mode='reflect', return_complex=True)
        power = spec.abs() ** 2  # [freq, frames]
        return (10 * torch.log10(torch.clamp(mel @ power, min=1e-10))).T  # [frames, mels]

    def run():
        net = 0.0
        for s in range(0, len(files), batch):
            x = torch.stack([logmel(read_wav(f)) for f in files[s:s + batch]])
            t = time.perf_counter()
            model(x)
            net += time.perf_counter() - t
        return net

    with torch.no_grad():
        run()  # warm-up
        t = time.perf_counter()
        net = run()
        total = time.perf_counter() - t
    print(json.dumps({'clips': len(files), 'seconds': total, 'net_seconds': net, 'clips_per_s': len(files) / total,
                      'torch': torch.__version__, 'threads': torch.get_num_threads()}))


main()
