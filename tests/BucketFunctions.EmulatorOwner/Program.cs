using BucketFunctions.Emulators;

// One line per emulator, "<name> <pid> <port>", then nothing until this process is killed.
var azurite = await Azurite.SharedAsync();
var s3rver = await S3rver.SharedAsync();
Console.WriteLine($"azurite {azurite.Process.Pid} {azurite.Process.Ports["blob"]}");
Console.WriteLine($"s3rver {s3rver.Process.Pid} {s3rver.Process.Ports["s3"]}");
await Task.Delay(Timeout.Infinite);
