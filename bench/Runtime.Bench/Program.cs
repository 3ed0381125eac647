Console.WriteLine("VetrAI runtime benchmarks: see bench/README.md");
