#include "cli/commands.h"

int main(int argc, char** argv) {
  return certkeep::cli::Main(argc, argv);
}
