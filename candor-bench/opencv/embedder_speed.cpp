// The embedder in Debian's OpenCV dnn, on the faces EmbedderSpeed wrote (--dump DIR): CPU per
// face on one thread and the cosine of each template with ONNX Runtime's for the same face, so
// that the model card can put OpenCV beside ONNX Runtime on the same file and the same inputs.
//
//   apt-get install libopencv-dnn-dev
//   g++ -O2 -I/usr/include/opencv4 -o /tmp/embedder_speed \
//       candor-bench/opencv/embedder_speed.cpp -lopencv_dnn -lopencv_core
//   /tmp/embedder_speed MODEL.onnx DIR/faces.f32 DIR/original.f32 [ROUNDS]
//
// Prints one line per round: milliseconds of this thread's CPU per face, then the cosine of the
// OpenCV templates with the reference templates (mean and minimum).
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <vector>

static std::vector<float> readFloats(const char* path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) { std::fprintf(stderr, "cannot read %s\n", path); std::exit(1); }
  std::streamsize bytes = in.tellg();
  in.seekg(0);
  std::vector<float> v(bytes / 4);
  in.read(reinterpret_cast<char*>(v.data()), bytes);
  return v;
}

static double threadCpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: embedder_speed MODEL.onnx FACES.f32 REFERENCE.f32 [ROUNDS]\n");
    return 2;
  }
  int rounds = argc > 4 ? std::atoi(argv[4]) : 3;
  cv::setNumThreads(1);
  cv::dnn::Net net = cv::dnn::readNetFromONNX(argv[1]);
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  std::vector<float> faces = readFloats(argv[2]);
  std::vector<float> reference = readFloats(argv[3]);
  const int size = 3 * 112 * 112;
  const int n = faces.size() / size;
  const int dim = reference.size() / n;
  std::printf("OpenCV %s, %d faces, %d-d templates, one thread\n", CV_VERSION, n, dim);
  for (int r = 1; r <= rounds; r++) {
    double cosSum = 0, cosMin = 1;
    double cpu0 = threadCpuSeconds();
    for (int i = 0; i < n; i++) {
      int shape[] = {1, 3, 112, 112};
      cv::Mat blob(4, shape, CV_32F, faces.data() + (size_t) i * size);
      net.setInput(blob);
      cv::Mat out = net.forward();
      const float* o = out.ptr<float>();
      const float* ref = reference.data() + (size_t) i * dim;
      double ab = 0, aa = 0, bb = 0;
      for (int k = 0; k < dim; k++) {
        ab += o[k] * ref[k];
        aa += o[k] * o[k];
        bb += ref[k] * ref[k];
      }
      double c = ab / std::sqrt(aa * bb);
      cosSum += c;
      cosMin = std::fmin(cosMin, c);
    }
    double cpu = threadCpuSeconds() - cpu0;
    std::printf("round %d: %.2f ms CPU per face; cosine with the reference: mean %.5f, min %.5f\n",
                r, cpu * 1e3 / n, cosSum / n, cosMin);
  }
  return 0;
}
