// dlib's own face chips, as golden values for facenet's alignment test. Reads lines
//   picture out.png size padding x0 y0 x1 y1 ... x67 y67   (integer landmarks, as dlib stores them)
// and prints, per line, dlib's chip_details (rect left top right bottom, angle) and writes the chip that
// extract_image_chip cuts (out.png, or nothing when out is "-"). Also prints, once per picture, a 64-bit
// FNV-1a hash of the decoded RGB bytes so the Java side can check that it decodes the same pixels.
#include <dlib/image_io.h>
#include <dlib/image_transforms.h>
#include <dlib/image_processing/full_object_detection.h>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>

int main() {
  std::string path, out, loaded;
  unsigned long size;
  double padding;
  dlib::array2d<dlib::rgb_pixel> img;
  while (std::cin >> path >> out >> size >> padding) {
    std::vector<dlib::point> parts(68);
    for (auto& p : parts) {
      long x, y;
      std::cin >> x >> y;
      p = dlib::point(x, y);
    }
    if (path != loaded) {
      dlib::load_image(img, path);
      loaded = path;
      std::uint64_t h = 14695981039346656037ULL;
      for (long r = 0; r < img.nr(); ++r) {
        for (long c = 0; c < img.nc(); ++c) {
          const unsigned char v[3] = {img[r][c].red, img[r][c].green, img[r][c].blue};
          for (unsigned char b : v) { h ^= b; h *= 1099511628211ULL; }
        }
      }
      std::printf("picture %s %ld %ld %016llx\n", path.c_str(), img.nc(), img.nr(), (unsigned long long) h);
    }
    dlib::full_object_detection det(dlib::rectangle(0, 0, img.nc() - 1, img.nr() - 1), parts);
    dlib::chip_details d = dlib::get_face_chip_details(det, size, padding);
    std::printf("chip %.17g %.17g %.17g %.17g %.17g\n", d.rect.left(), d.rect.top(), d.rect.right(), d.rect.bottom(), d.angle);
    if (out != "-") {
      dlib::array2d<dlib::rgb_pixel> chip;
      dlib::extract_image_chip(img, d, chip);
      dlib::save_png(chip, out);
    }
  }
  return 0;
}
