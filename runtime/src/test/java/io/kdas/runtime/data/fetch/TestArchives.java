package io.kdas.runtime.data.fetch;

import io.kdas.runtime.data.archive.TarWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Tiny archives in the official layouts, and malicious ones, built in memory for the tests. */
public final class TestArchives {

  /** Records per CIFAR-10 batch file in the tiny release. */
  public static final int CIFAR_RECORDS = 2;

  private TestArchives() {}

  /** The files of a tiny CIFAR-10 binary release, below {@code cifar-10-batches-bin/}. */
  public static Map<String, byte[]> cifar10Files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int b = 1; b <= 5; b++) {
      files.put("data_batch_" + b + ".bin", cifarRecords(b));
    }
    files.put("test_batch.bin", cifarRecords(6));
    files.put("batches.meta.txt", String.join("\n", List.of("airplane", "automobile", "bird",
        "cat", "deer", "dog", "frog", "horse", "ship", "truck")).concat("\n\n")
        .getBytes(StandardCharsets.UTF_8));
    files.put("readme.html", "<html>tiny</html>".getBytes(StandardCharsets.UTF_8));
    return files;
  }

  private static byte[] cifarRecords(int batch) {
    byte[] bytes = new byte[CIFAR_RECORDS * 3073];
    for (int r = 0; r < CIFAR_RECORDS; r++) {
      bytes[r * 3073] = (byte) ((batch + r) % 10);
      for (int p = 1; p < 3073; p++) {
        bytes[r * 3073 + p] = (byte) (batch * 31 + r * 7 + p);
      }
    }
    return bytes;
  }

  /** {@code cifar-10-binary.tar.gz} of the tiny release. */
  public static byte[] cifar10TarGz() {
    TarWriter tar = new TarWriter().dir("cifar-10-batches-bin/");
    for (Map.Entry<String, byte[]> file : cifar10Files().entrySet()) {
      tar.file("cifar-10-batches-bin/" + file.getKey(), file.getValue());
    }
    return tar.gz();
  }

  /** The files of a tiny TinyImageNet-200 release, below {@code tiny-imagenet-200/}. */
  public static Map<String, byte[]> tinyImageNetFiles() {
    List<String> wnids = List.of("n01443537", "n02123045");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("wnids.txt", text(String.join("\n", wnids) + "\n"));
    files.put("words.txt", text("n01443537\tgoldfish\nn02123045\ttabby, tabby cat\n"));
    for (int label = 0; label < wnids.size(); label++) {
      String wnid = wnids.get(label);
      for (int k = 0; k < 2; k++) {
        files.put("train/" + wnid + "/images/" + wnid + "_" + k + ".JPEG",
            jpeg(0x204060 + 0x300000 * label + 0x1000 * k));
      }
      files.put("train/" + wnid + "/" + wnid + "_boxes.txt", text(""));
    }
    StringBuilder annotations = new StringBuilder();
    for (int k = 0; k < 3; k++) {
      files.put("val/images/val_" + k + ".JPEG", jpeg(0x808080 + k * 0x10));
      annotations.append("val_").append(k).append(".JPEG\t").append(wnids.get(k % 2))
          .append("\t0\t0\t7\t7\n");
    }
    files.put("val/val_annotations.txt", text(annotations.toString()));
    return files;
  }

  /** {@code tiny-imagenet-200.zip} of the tiny release. */
  public static byte[] tinyImageNetZip() {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("tiny-imagenet-200/", null);
    for (Map.Entry<String, byte[]> file : tinyImageNetFiles().entrySet()) {
      members.put("tiny-imagenet-200/" + file.getKey(), file.getValue());
    }
    return zip(members);
  }

  /** A zip of the members in order; a null content makes a folder entry. */
  public static byte[] zip(Map<String, byte[]> members) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> member : members.entrySet()) {
        out.putNextEntry(new ZipEntry(member.getKey()));
        if (member.getValue() != null) {
          out.write(member.getValue());
        }
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The hex MD5 of {@code bytes}. */
  public static String md5(byte[] bytes) {
    return digest("MD5", bytes);
  }

  /** The hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return digest("SHA-256", bytes);
  }

  private static String digest(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] jpeg(int rgb) {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "jpg", out)) {
        throw new IllegalStateException("no JPEG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
